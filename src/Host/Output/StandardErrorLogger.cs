namespace Engine.Host.Output;

using Akka.Actor;
using Akka.Event;

/// <summary>
/// Akka's log as one line per event on stderr, never on stdout (which carries the command's result), and without
/// stack traces: a cause is its message, unless <see cref="FullCauses"/> (the Host's --verbose).
/// </summary>
public sealed class StandardErrorLogger : ReceiveActor
{
    /// <summary>The name to put in <c>akka.loggers</c>.</summary>
    public static readonly string TypeName = $"{typeof(StandardErrorLogger).FullName}, {typeof(StandardErrorLogger).Assembly.GetName().Name}";

    public StandardErrorLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Write);
    }

    /// <summary>Set once by the command line before any ActorSystem starts.</summary>
    public static bool FullCauses { get; set; }

    private static void Write(LogEvent log)
    {
        var cause = log.Cause is null ? "" : FullCauses ? $"{Environment.NewLine}{log.Cause}" : $": {FailureText.OneLine(log.Cause)}";
        Console.Error.WriteLine($"[{log.LogLevel().ToString().Replace("Level", "").ToUpperInvariant()}] {log.LogSource}: {log.Message}{cause}");
    }
}
