namespace Engine.Host;

using System.CommandLine;
using Akka.Configuration;
using Engine.Actors;
using Engine.Host.Commands;
using Engine.Host.Output;

/// <summary>The Host's command line: every command, and how errors, failures and signals become exit codes.</summary>
public static class Cli
{
    /// <summary>Bad input: a command line or an engine setting that cannot be used.</summary>
    public const int BadInput = 2;

    /// <summary>Full details of a failure (the exception and its causes) instead of one line.</summary>
    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "On a failure, print its full details too",
        Recursive = true,
    };

    /// <summary>Given by a parent Host to its children (<see cref="HostChild"/>): stop when stdin closes, i.e. the parent is gone.</summary>
    public static readonly Option<bool> ExitWithParent = new("--exit-with-parent")
    {
        Description = "Stop when standard input closes (the parent process ended)",
        Recursive = true,
        Hidden = true,
    };

    public static RootCommand Create() => new("Engine: one CPU-heavy job split into chunks and run on low-priority, NUMA-pinned helper threads")
    {
        RunCommand.Create(),
        NodeCommand.Create(),
        SubmitCommand.Create(),
        WaitCommand.Create(),
        CancelCommand.Create(),
        StatusCommand.Create(),
        TopologyCommand.Create(),
        BenchCommand.Create(),
        SpinCommand.Create(),
        ChaosMemberCommand.Create(),
        CertsCommand.Create(),
        Verbose,
        ExitWithParent,
    };

    /// <summary>
    /// Parses and runs. A bad command line or engine setting gives one line per problem on <paramref name="errors"/>
    /// and exit code 2; a failure one line naming it and exit code 1 (details with --verbose); a termination signal
    /// exit code 130.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, TerminationSignal? termination = null)
    {
        var parsed = Create().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line per problem and a non-zero exit, not a screen of help.
            foreach (var error in parsed.Errors)
                errors.WriteLine($"error: {error.Message}");
            errors.WriteLine("(see --help)");
            return BadInput;
        }
        StandardErrorLogger.FullCauses = parsed.GetValue(Verbose);
        // Only a real process (with its signals) watches its parent: a caller in-process keeps its own lifetime.
        if (termination is not null && parsed.GetValue(ExitWithParent))
            TerminationSignal.ExitWhenClosed(Console.OpenStandardInput());
        var stop = termination?.Token ?? CancellationToken.None;
        try
        {
            // Signals are the TerminationSignal's: System.CommandLine's own handling would end the process after 2 s.
            var code = await parsed.InvokeAsync(new InvocationConfiguration
            {
                Output = output,
                Error = errors,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            }, stop);
            return stop.IsCancellationRequested ? TerminationSignal.ExitCode : code;
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            return TerminationSignal.ExitCode;
        }
        catch (EngineSettingException e)
        {
            errors.WriteLine($"error: {SettingSource(e.Key)}{e.Message}");
            return BadInput;
        }
        catch (ConfigurationException e)
        {
            errors.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        catch (Exception e)
        {
            errors.WriteLine($"error: {parsed.CommandResult.Command.Name} failed: {FailureText.OneLine(e)}");
            errors.WriteLine(parsed.GetValue(Verbose) ? e.ToString() : "(--verbose prints the details)");
            return 1;
        }
    }

    /// <summary>"ENGINE_NICE=40: " when the bad value came from that environment variable.</summary>
    private static string SettingSource(string key)
    {
        var name = HostConfig.EnvironmentName(key);
        return Environment.GetEnvironmentVariable(name) is { } value ? $"{name}={value}: " : "";
    }
}
