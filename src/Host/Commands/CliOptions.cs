namespace Engine.Host.Commands;

using System.CommandLine;
using Akka.Actor;
using Engine.Jobs;

/// <summary>Options shared by commands, with parsers whose errors name the option and the bad text.</summary>
public static class CliOptions
{
    public static Option<long?> Size(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (SizeText.TryParse(text, out var value))
                return value;
            result.AddError($"{name}: '{text}' is not a size (examples: 4096, 1e7, 64KiB, 2GiB)");
            return null;
        },
    };

    /// <summary>--helpers N (threads on the job, the caller's lane included) or "auto" (<see cref="JobSpec.AutoHelpers"/>).</summary>
    public static Option<int?> Helpers() => new("--helpers")
    {
        Description = "Most threads on the job, the caller's lane included, or 'auto': measured per kernel (default: as the caps allow)",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (text.Equals("auto", StringComparison.OrdinalIgnoreCase))
                return JobSpec.AutoHelpers;
            if (int.TryParse(text, out var threads) && threads >= 1)
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
            var text = result.Tokens.Single().Value;
            if (PlacementText.TryParse(text, out var placement, out var error))
                return placement;
            result.AddError($"--placement: {error}");
            return Jobs.Placement.AnyNode;
        },
    };

    public static Option<Address> ClusterAddress(string description) => new("--cluster")
    {
        Description = description,
        Required = true,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
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
}
