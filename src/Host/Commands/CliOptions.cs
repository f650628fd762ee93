namespace Engine.Host.Commands;

using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Akka.Actor;
using Engine.Host.Bench;
using Engine.Jobs;

/// <summary>
/// Every option the commands share, and every number option, with parsers whose errors name the option and the
/// bad text: a value is parsed once, here, so validators never meet text that does not parse.
/// </summary>
public static class CliOptions
{
    /// <summary>The longest a measurement may be asked to run: a day, far inside what a TimeSpan holds.</summary>
    private const double MostSeconds = 86_400;

    public static Option<long?> Size(string name, string description, long least = 0) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = Single(result);
            if (!SizeText.TryParse(text, out var value))
                result.AddError($"{name}: '{text}' is not a size (examples: 4096, 1e7, 64KiB, 2GiB; at most {long.MaxValue:N0})");
            else if (value < least)
                result.AddError($"{name}: must be at least {least}, got {text}");
            else
                return value;
            return null;
        },
    };

    /// <summary>A whole number in [<paramref name="least"/>, <paramref name="most"/>], or none (null) when not given.</summary>
    public static Option<int?> Count(string name, string description, int least, int most = int.MaxValue) => new(name)
    {
        Description = description,
        CustomParser = result => ParseCount(result, name, least, most, null),
    };

    /// <summary>A whole number in [<paramref name="least"/>, <paramref name="most"/>] with a default.</summary>
    /// <param name="mostIs">What the upper bound is, for the error line.</param>
    public static Option<int> Count(string name, string description, int least, int most, int fallback, string? mostIs = null) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => fallback,
        CustomParser = result => ParseCount(result, name, least, most, mostIs) ?? fallback,
    };

    /// <summary>Threads of a measurement: from 1 to the CPUs this process may use (more would only take turns).</summary>
    public static Option<int> Threads(string name, string description) =>
        Count(name, description, 1, Environment.ProcessorCount, Environment.ProcessorCount, "the CPUs this process may use");

    /// <summary>Seconds, 0 allowed when <paramref name="zeroSkips"/> (the measurement is then skipped), at most a day.</summary>
    public static Option<double> Seconds(string name, string description, double fallback, bool zeroSkips) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => fallback,
        CustomParser = result =>
        {
            var text = Single(result);
            var wanted = zeroSkips ? "0 (skip) or more" : "more than 0";
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                result.AddError($"{name}: '{text}' is not a number of seconds");
            else if (value < 0 || (value == 0 && !zeroSkips))
                result.AddError($"{name}: must be {wanted} seconds, got {text}");
            else if (value > MostSeconds)
                result.AddError($"{name}: at most {MostSeconds:0} seconds (a day), got {text}");
            else
                return value;
            return fallback;
        },
    };

    /// <summary>--helpers N (threads on the job, the caller's lane included) or "auto" (<see cref="JobSpec.AutoHelpers"/>).</summary>
    public static Option<int?> Helpers() => new("--helpers")
    {
        Description = "Most threads on the job, the caller's lane included, or 'auto': measured per kernel (default: as the caps allow)",
        CustomParser = result =>
        {
            var text = Single(result);
            if (text.Equals("auto", StringComparison.OrdinalIgnoreCase))
                return JobSpec.AutoHelpers;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var threads) && threads >= 1)
                return threads;
            result.AddError($"--helpers: '{text}' is neither 'auto' nor a count of at least 1");
            return null;
        },
    };

    public static Option<Placement> Placement() => new("--placement")
    {
        Description = "Where helpers run: local, any, or nodes=0,1 (weights: nodes=0:3,1:1)",
        DefaultValueFactory = _ => Jobs.Placement.AnyNode,
        CustomParser = result =>
        {
            var text = Single(result);
            if (PlacementText.TryParse(text, out var placement, out var error))
                return placement;
            result.AddError($"--placement: {error}");
            return Jobs.Placement.AnyNode;
        },
    };

    public static Option<ulong?> Seed() => new("--seed")
    {
        Description = "hash, meminit: seed of the generated bytes or the written pattern (default 0)",
        CustomParser = result =>
        {
            var text = Single(result);
            if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
                return seed;
            result.AddError($"--seed: '{text}' is not a whole number from 0 to {ulong.MaxValue}");
            return null;
        },
    };

    public static Option<Address> ClusterAddress(string description) => new("--cluster")
    {
        Description = description,
        Required = true,
        CustomParser = result =>
        {
            var text = Single(result);
            if (Address.TryParse(text, out var address) && address.Host is not null && address.Port is not null)
                return address;
            result.AddError($"--cluster: '{text}' is not a member address (example: akka.tcp://engine@127.0.0.1:4053)");
            return null;
        },
    };

    public static Option<string> Hostname(string description, string fallback) => new("--hostname")
    {
        Description = description,
        DefaultValueFactory = _ => fallback,
    };

    public static Option<bool> Json(string description = "Print one JSON object instead of text") => new("--json") { Description = description };

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

    /// <summary>
    /// The option's value for a command's validator, or null when its own parser refused the text: that error is
    /// reported already, and reading the value would throw.
    /// </summary>
    public static T? Parsed<T>(this CommandResult command, Option<T> option)
    {
        try
        {
            return command.GetValue(option);
        }
        catch (InvalidOperationException)
        {
            // The parser's own error line names the option; System.CommandLine reports it with the others.
            return default;
        }
    }

    /// <summary>Whether the user gave the option (a default value does not count).</summary>
    public static bool Given(this ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    /// <inheritdoc cref="Given(ParseResult, Option)"/>
    public static bool Given(this CommandResult command, Option option) => command.GetResult(option) is { Implicit: false };

    private static int? ParseCount(ArgumentResult result, string name, int least, int most, string? mostIs)
    {
        var text = Single(result);
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            result.AddError($"{name}: '{text}' is not a whole number");
        else if (value < least)
            result.AddError($"{name}: must be at least {least}, got {text}");
        else if (value > most)
            result.AddError($"{name}: must be at most {most}{(mostIs is null ? "" : $" ({mostIs})")}, got {text}");
        else
            return (int)value;
        return null;
    }

    private static string Single(ArgumentResult result) => result.Tokens.Single().Value;
}
