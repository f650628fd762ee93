namespace Engine.Host.Commands;

using System.CommandLine;
using Engine.Host.Bench;

/// <summary>Options of `bench` and `bench politeness`, each refusing a bad value with a line naming it.</summary>
public static class BenchOptions
{
    public static Option<int> AtLeastOne(string name, string description, int fallback)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => fallback };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
                r.AddError($"{name}: must be at least 1, got {r.GetValueOrDefault<int>()}");
        });
        return option;
    }

    /// <summary>Seconds, 0 allowed when <paramref name="zeroSkips"/> (the measurement is then skipped).</summary>
    public static Option<double> Seconds(string name, string description, double fallback, bool zeroSkips)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => fallback };
        option.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<double>();
            if (value < 0 || (value == 0 && !zeroSkips) || !double.IsFinite(value))
                r.AddError($"{name}: must be {(zeroSkips ? "0 (skip) or more" : "more than 0")} seconds, got {value}");
        });
        return option;
    }

    public static Option<string?> Plot() 
    {
        var option = new Option<string?>("--plot") { Description = "Also draw speedup against threads beside the ideal line: FILE.png or FILE.svg" };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is not { } path)
                return;
            if (!SpeedupPlot.Extensions.Contains(Path.GetExtension(path).ToLowerInvariant()))
                r.AddError($"--plot: '{path}' must end in .png or .svg");
            else if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir && !Directory.Exists(dir))
                r.AddError($"--plot: the directory '{dir}' does not exist");
        });
        return option;
    }
}
