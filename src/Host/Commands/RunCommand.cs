namespace Engine.Host.Commands;

using System.CommandLine;
using Engine.Actors;
using Engine.Host.Output;
using Engine.Jobs;

/// <summary>`run &lt;kernel&gt;`: one job in this process on the embedded default, with progress, then its result.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var kernel = new Argument<string>("kernel") { Description = $"Built-in kernel: {string.Join(", ", BuiltInJobs.Names)}" };
        kernel.AcceptOnlyFromAmong([.. BuiltInJobs.Names]);
        var size = CliOptions.Size("--size", "Items in the job (bytes for byte kernels): 1e7, 64MiB, 2GiB");
        var helpers = new Option<int?>("--helpers") { Description = "Most threads on the job, the caller's lane included (default: as the caps allow)" };
        var minChunk = CliOptions.Size("--min-chunk", "Smallest chunk, in items");
        var align = CliOptions.Size("--align", "Chunk sizes are multiples of this");
        var placement = CliOptions.Placement();
        var rounds = new Option<int?>("--rounds") { Description = "burn: mixing rounds per item (default 200)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
        var command = new Command("run", "Run a built-in job in this process and print its result and statistics")
        {
            kernel, size, helpers, minChunk, align, placement, rounds, json,
        };
        command.SetAction((parse, cancellation) => Run(new RunOptions(parse.GetValue(kernel)!, parse.GetValue(size),
            parse.GetValue(helpers), parse.GetValue(minChunk), parse.GetValue(align), parse.GetValue(placement)!,
            parse.GetValue(rounds), parse.GetValue(json)), cancellation));
        return command;
    }

    private static async Task<int> Run(RunOptions options, CancellationToken cancellation)
    {
        await using var process = EngineProcess.Start();
        var engine = process.Engine;
        var spec = BuiltInJobs.Spec(options);
        var progress = new ProgressPrinter(Console.Error, !Console.IsErrorRedirected, BuiltInJobs.Unit(options.Kernel));
        if (!options.Json)
            Console.WriteLine($"{options.Kernel}: {spec.Size:N0} {BuiltInJobs.Unit(options.Kernel)}, placement {spec.Placement}, "
                + $"{engine.Topology.Nodes.Count} node(s), {engine.Topology.AllowedCpus.Count} CPU(s) allowed");
        try
        {
            var result = await engine.RunAsync(spec, cancellation, progress);
            progress.Finish();
            Console.WriteLine(options.Json
                ? RunReport.Json(options.Kernel, result, engine.Caps)
                : RunReport.Text(options.Kernel, result, engine.Caps));
            return 0;
        }
        catch (JobFailedException e)
        {
            progress.Finish();
            Console.Error.WriteLine($"job failed ({e.Kind}{(e.Field is null ? "" : $", field {e.Field}")}): {e.Message}");
            return e.Kind == JobFailureKind.InvalidSpec ? 2 : 1;
        }
    }
}
