namespace Engine.Threading;

using Engine.Topology;

/// <summary>
/// With autogroup scheduling on, each session is one scheduling group and nice counts only inside it. A
/// process that leads its own session (a daemon, a `setsid` start) is alone in its autogroup, so giving the
/// autogroup nice 19 (<c>/proc/self/autogroup</c>; raising it needs no privilege) demotes the engine and
/// nothing else. A process sharing its session, e.g. with the user's shell, must not: that would demote them.
/// </summary>
public static class SessionAutogroup
{
    public const string EnabledFile = "/proc/sys/kernel/sched_autogroup_enabled";
    public const string SelfFile = "/proc/self/autogroup";

    /// <returns>Whether the autogroup was demoted, and why (or why not).</returns>
    public static (bool Demoted, string Why) DemoteIfAlone(string systemRoot, int nice)
    {
        var files = new RootedSystemFiles(systemRoot);
        if (files.ReadText(EnabledFile)?.Trim() != "1")
            return (false, $"autogroup scheduling is off ({EnabledFile}): nice already orders the engine against every session");
        if (!NativeThread.IsSupported || !NativeThread.LeadsItsSession())
            return (false, "the process shares its session (e.g. with a shell): demoting the session's autogroup would demote them too");
        try
        {
            File.WriteAllText(Path.Join(systemRoot, SelfFile.TrimStart('/')), nice.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return (true, $"the process leads its own session: its autogroup has nice {nice} ({SelfFile})");
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return (false, $"cannot write {SelfFile}: {e.Message}");
        }
    }
}
