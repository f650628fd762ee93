namespace Engine.Topology;

/// <summary>
/// The process's cgroups as /proc/self/cgroup lists them: the cgroup v2 path ("0::/path") and the
/// cgroup v1 path of each controller ("4:cpu,cpuacct:/path").
/// </summary>
public sealed record ProcessCgroups(string? UnifiedPath, IReadOnlyDictionary<string, string> V1PathByController)
{
    public string? V1Path(string controller) => V1PathByController.GetValueOrDefault(controller);

    public static ProcessCgroups Parse(string text, string source)
    {
        string? unified = null;
        var v1 = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // The path may itself hold ':' so only the first two separate fields.
            var fields = line.Split(':', 3);
            if (fields.Length != 3 || !fields[2].StartsWith('/'))
                throw new FormatException($"{source}: '{line}' is not 'hierarchy:controllers:/path'");
            if (fields[0] == "0" && fields[1].Length == 0)
            {
                unified = fields[2];
                continue;
            }
            foreach (var controller in fields[1].Split(',', StringSplitOptions.RemoveEmptyEntries))
                v1[controller] = fields[2];
        }
        return new ProcessCgroups(unified, v1);
    }
}
