namespace Engine.Host.Output;

using Engine.Actors.Coordination;

/// <summary>
/// Shows a job's progress: a bar redrawn in place (chunks, items, rate, ETA) on a terminal, plain lines at most
/// once a second when the output is a file or a pipe, so logs stay readable.
/// </summary>
public sealed class ProgressPrinter(TextWriter output, bool interactive, string unit) : IProgress<JobProgress>
{
    private readonly object _gate = new();
    private TimeSpan? _lastLine;
    private bool _drewBar;

    public void Report(JobProgress progress)
    {
        lock (_gate)
        {
            if (interactive)
            {
                output.Write("\r" + Bar(progress) + "   ");
                _drewBar = true;
            }
            else if (_lastLine is not { } last || progress.Elapsed - last >= TimeSpan.FromSeconds(1))
            {
                output.WriteLine(Line(progress));
                _lastLine = progress.Elapsed;
            }
        }
    }

    /// <summary>Ends the bar's line so what follows starts on its own.</summary>
    public void Finish()
    {
        lock (_gate)
            if (_drewBar)
                output.WriteLine();
    }

    private string Bar(JobProgress p)
    {
        const int width = 30;
        var fraction = p.Items == 0 ? 1 : p.ItemsDone / (double)p.Items;
        var filled = (int)Math.Round(fraction * width);
        return $"[{new string('#', filled)}{new string('.', width - filled)}] {fraction,6:P1} {Line(p)}";
    }

    private string Line(JobProgress p)
    {
        var seconds = Math.Max(p.Elapsed.TotalSeconds, 1e-3);
        var rate = p.ItemsDone / seconds;
        var eta = rate > 0 ? TimeSpan.FromSeconds((p.Items - p.ItemsDone) / rate) : (TimeSpan?)null;
        return $"chunks {p.ChunksDone}/{p.Chunks}, {Amount(p.ItemsDone)}/{Amount(p.Items)} {unit}, "
            + $"{Amount((long)rate)} {unit}/s, helpers {p.Helpers}, eta {(eta is { } e ? $"{e.TotalSeconds:0.0}s" : "?")}";
    }

    private string Amount(long value) => unit == "bytes" ? SizeText.Format(value) : value.ToString("N0");
}
