namespace Engine.Host.Commands;

using System.CommandLine;
using Akka.Configuration;
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
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
        var command = new Command("topology", "Show the NUMA nodes, allowed CPUs, cgroup limits, helper caps and energy decision in force") { json };
        command.SetAction(parse => Run(parse.GetValue(json), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(bool json, TextWriter output, TextWriter errors)
    {
        TopologyReport report;
        try
        {
            var settings = EngineConfig.Read(HostConfig.Build());
            var limits = EngineLimits.Read(settings);
            var cgroup = new CgroupCpuLimitsReader(new RootedSystemFiles(settings.SystemRoot)).Read();
            report = new TopologyReport(settings, limits, cgroup);
        }
        catch (Exception e) when (e is ConfigurationException or FormatException or IOException)
        {
            errors.WriteLine($"error: {e.Message}");
            return 2;
        }
        output.WriteLine(json ? report.ToJson() : report.ToText());
        return 0;
    }
}
