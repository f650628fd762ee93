namespace Engine.Host.Bench;

using ScottPlot;

/// <summary>Speedup against threads beside the ideal line, as PNG or SVG (by the file's extension).</summary>
public static class SpeedupPlot
{
    public static readonly string[] Extensions = [".png", ".svg"];

    public static void Save(string path, string kernel, IReadOnlyList<SpeedupRow> rows)
    {
        var plot = new Plot();
        double[] threads = [.. rows.Select(r => (double)r.Helpers)];
        var ideal = plot.Add.Scatter(threads, threads);
        ideal.LegendText = "ideal";
        ideal.Color = Colors.Gray;
        var engine = plot.Add.Scatter(threads, [.. rows.Select(r => r.Speedup)]);
        engine.LegendText = $"engine ({kernel})";
        var parallelFor = plot.Add.Scatter(threads, [.. rows.Select(r => rows[0].MeanSeconds / r.ParallelForMeanSeconds)]);
        parallelFor.LegendText = "Parallel.For, same chunks";
        plot.Title($"{kernel}: speedup over one thread");
        plot.XLabel("threads on the job (the caller's lane included)");
        plot.YLabel("speedup");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(1);
        plot.ShowLegend(Alignment.UpperLeft);
        if (Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase))
            plot.SaveSvg(path, 640, 480);
        else
            plot.SavePng(path, 640, 480);
    }
}
