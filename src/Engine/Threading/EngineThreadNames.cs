namespace Engine.Threading;

/// <summary>The prefixes of the engine's thread names, named once: `ps -L` and the benches find threads by them.</summary>
public static class EngineThreadNames
{
    /// <summary>The threads of the engine's own actors (coordinator, throttler, pools): <c>eng-ctl-0</c>.</summary>
    public const string Control = "eng-ctl-";

    /// <summary>The threads serving the submitters' lanes: <c>eng-lane-0</c>.</summary>
    public const string Lane = "eng-lane-";

    /// <summary>What every helper thread's name starts with, whatever its node.</summary>
    public const string Helpers = "eng-n";

    /// <summary>The helper threads of one NUMA node: <c>eng-n0-h3</c>.</summary>
    public static string Helper(int node) => $"{Helpers}{node}-h";
}
