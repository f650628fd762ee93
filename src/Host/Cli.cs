namespace Engine.Host;

using System.CommandLine;
using Engine.Host.Commands;

/// <summary>The Host's command line: every command, and how parse errors are reported.</summary>
public static class Cli
{
    public static RootCommand Create() => new("Engine: one CPU-heavy job split into chunks and run on low-priority, NUMA-pinned helper threads")
    {
        RunCommand.Create(),
        NodeCommand.Create(),
        SubmitCommand.Create(),
        StatusCommand.Create(),
        TopologyCommand.Create(),
        BenchCommand.Create(),
        SpinCommand.Create(),
        CertsCommand.Create(),
    };

    /// <summary>Parses and runs; a bad command line gives one line per problem on <paramref name="errors"/> and exit code 2.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        var parsed = Create().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line per problem and a non-zero exit, not a screen of help.
            foreach (var error in parsed.Errors)
                errors.WriteLine($"error: {error.Message}");
            errors.WriteLine("(see --help)");
            return 2;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = errors });
    }
}
