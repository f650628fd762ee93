namespace Engine.Host.Commands;

using Engine.Actors;
using Engine.Actors.Coordination;
using Engine.Host.Output;
using Engine.Jobs;
using Engine.Throttling;

/// <summary>One job from the command line: its spec, a header, live progress, then its result or a one-line failure.</summary>
public static class ConsoleJob
{
    public delegate Task<JobResult> Runner(JobSpec spec, IProgress<JobProgress> progress);

    /// <summary>The job's spec, or null after naming the bad field (checked before any engine starts).</summary>
    public static JobSpec? Spec(RunOptions options, TextWriter errors)
    {
        try
        {
            return BuiltInJobs.Spec(options);
        }
        catch (JobSpecException e)
        {
            errors.WriteLine($"error: {e.Message}");
            return null;
        }
    }

    /// <param name="where">Where the job runs, for the header line.</param>
    /// <param name="caps">The caps in force, when the job runs in this process.</param>
    public static async Task<int> RunAsync(JobSpec spec, RunOptions options, string where, Runner run, HelperCaps? caps,
        TextWriter output, TextWriter errors)
    {
        var unit = BuiltInJobs.Unit(options.Kernel);
        var progress = new ProgressPrinter(errors, Terminal.IsInteractive(errors), unit);
        if (!options.Json)
            output.WriteLine($"{options.Kernel}: {spec.Size:N0} {unit}, placement {spec.Placement}, {where}");
        try
        {
            var result = await run(spec, progress);
            progress.Finish();
            var reference = options.Verify ? BuiltInJobs.Describe(BuiltInJobs.SingleThreaded(spec)) : null;
            var equal = reference is null || reference == BuiltInJobs.Describe(result.Value);
            output.WriteLine(options.Json
                ? RunReport.Json(options.Kernel, result, caps, reference)
                : RunReport.Text(options.Kernel, result, caps, reference));
            return equal ? 0 : 1;
        }
        catch (JobFailedException e)
        {
            progress.Finish();
            errors.WriteLine($"job failed ({e.Kind}{(e.Field is null ? "" : $", field {e.Field}")}): {e.Message}");
            return e.Kind == JobFailureKind.InvalidSpec ? 2 : 1;
        }
    }
}
