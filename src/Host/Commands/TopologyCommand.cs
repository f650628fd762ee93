namespace Engine.Host.Commands;

using System.CommandLine;
using Engine.Actors;
using Engine.Host.Output;
using Engine.Policies;
using Engine.Topology;

/// <summary>
/// `topology`: what the engine would use here, read exactly as a starting engine reads it (same settings,
/// environment overrides and system root): nodes, allowed CPUs, cgroup limits, caps, energy rule, decisions.
/// </summary>
public static class TopologyCommand
{
    public static Command Create()
    {
        var json = CliOptions.Json();
        var command = new Command("topology", "Show the NUMA nodes, allowed CPUs, cgroup limits, helper caps and energy decision in force") { json };
        command.SetAction(parse => Run(parse.GetValue(json), parse.InvocationConfiguration.Output));
        return command;
    }

    private static int Run(bool json, TextWriter output)
    {
        var settings = EngineConfig.Read(HostConfig.Build());
        var limits = EngineLimits.Read(settings);
        var cgroup = new CgroupCpuLimitsReader(new RootedSystemFiles(settings.SystemRoot)).Read();
        // The politeness layers as a starting engine applies them (the helpers' cgroup is created where it may be).
        var report = new TopologyReport(settings, limits, cgroup, HelperPoliteness.Apply(settings));
        output.WriteLine(json ? report.ToJson() : report.ToText());
        return 0;
    }
}
