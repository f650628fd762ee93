namespace Engine.Host.Bench.Chaos;

using System.Diagnostics;
using System.Globalization;

/// <summary>
/// A private network for the chaos members: one network namespace per member, each joined by a veth pair to a
/// bridge in this namespace, on a 10.x.y.0/24 of its own (the bridge is .1, member i is .10+i). Faults are made
/// inside a member's namespace only: iptables drops for a partition; a netem qdisc (or, on a kernel without
/// netem, a tbf rate limit) and random drops for a slow link. Nothing leaves these namespaces and the bridge.
/// </summary>
public sealed class ChaosNetwork : IDisposable
{
    private const string SlowLoss = "0.05";
    private readonly string _prefix;
    private readonly int _subnet;
    private readonly int _members;
    private bool _netem;

    private ChaosNetwork(string prefix, int subnet, int members) => (_prefix, _subnet, _members) = (prefix, subnet, members);

    public string BridgeAddress => $"10.213.{_subnet}.1";

    public string Namespace(int member) => $"{_prefix}-m{member}";

    public string Address(int member) => $"10.213.{_subnet}.{10 + member}";

    /// <summary>How a slow link was made: netem's delay and loss, or tbf's rate limit and iptables' random drops.</summary>
    public string SlowLinkMethod => _netem ? "netem delay 150ms 50ms loss 5%" : "tbf rate 256kbit (no netem in this kernel) + 5% random drops";

    /// <summary>Why this machine cannot make such a network (not root, no `ip` or `iptables`, namespaces refused), or null.</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux())
            return "network namespaces are Linux's";
        if (Environment.UserName != "root")
            return $"network namespaces need root (running as {Environment.UserName})";
        foreach (var tool in new[] { "ip", "iptables", "tc" })
            if (!Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(d => File.Exists(Path.Combine(d, tool))))
                return $"`{tool}` is not installed (Debian: iproute2, iptables)";
        var probe = $"echaos-probe-{Environment.ProcessId}";
        var (code, said) = Run("ip", "netns", "add", probe);
        if (code != 0)
            return $"`ip netns add` failed: {said}";
        Run("ip", "netns", "delete", probe);
        return null;
    }

    public static ChaosNetwork Create(int members)
    {
        // Names and subnet from this process and a counter: two harnesses at once never share one.
        var id = Interlocked.Increment(ref s_created);
        var tag = ((Environment.ProcessId * 7 + id) % 9000 + 1000).ToString(CultureInfo.InvariantCulture);
        var network = new ChaosNetwork($"ech{tag}", (Environment.ProcessId + id) % 250 + 1, members);
        try
        {
            network.Build();
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    private static int s_created;

    private string Bridge => $"{_prefix}b";

    private string HostEnd(int member) => $"{_prefix}h{member}";

    private const string MemberEnd = "eth0";

    private void Build()
    {
        Must("ip", "link", "add", Bridge, "type", "bridge");
        Must("ip", "addr", "add", $"{BridgeAddress}/24", "dev", Bridge);
        Must("ip", "link", "set", Bridge, "up");
        for (var i = 0; i < _members; i++)
        {
            Must("ip", "netns", "add", Namespace(i));
            Must("ip", "link", "add", HostEnd(i), "type", "veth", "peer", "name", MemberEnd, "netns", Namespace(i));
            Must("ip", "link", "set", HostEnd(i), "master", Bridge);
            Must("ip", "link", "set", HostEnd(i), "up");
            InMember(i, "ip", "addr", "add", $"{Address(i)}/24", "dev", MemberEnd);
            InMember(i, "ip", "link", "set", MemberEnd, "up");
            InMember(i, "ip", "link", "set", "lo", "up");
        }
        _netem = Run("ip", "netns", "exec", Namespace(0), "tc", "qdisc", "add", "dev", MemberEnd, "root", "netem", "delay", "1ms").Code == 0;
        if (_netem)
            InMember(0, "tc", "qdisc", "del", "dev", MemberEnd, "root");
    }

    /// <summary>Packets between <paramref name="member"/> and every other member are dropped, both ways; the bridge (the harness) still reaches it.</summary>
    public void Partition(int member) => PartitionRules(member, "-A");

    public void Heal(int member) => PartitionRules(member, "-D");

    public void Slow(int member)
    {
        if (_netem)
            InMember(member, "tc", "qdisc", "replace", "dev", MemberEnd, "root", "netem", "delay", "150ms", "50ms", "loss", "5%");
        else
        {
            InMember(member, "tc", "qdisc", "replace", "dev", MemberEnd, "root", "tbf", "rate", "256kbit", "burst", "16kbit", "latency", "400ms");
            InMember(member, "iptables", "-A", "INPUT", "-m", "statistic", "--mode", "random", "--probability", SlowLoss, "-j", "DROP");
        }
    }

    /// <summary>Back to a plain link; a second slow fault that overlapped this one has nothing left to undo.</summary>
    public void Unslow(int member)
    {
        Run("ip", "netns", "exec", Namespace(member), "tc", "qdisc", "del", "dev", MemberEnd, "root");
        if (!_netem)
            Run("ip", "netns", "exec", Namespace(member), "iptables", "-D", "INPUT", "-m", "statistic", "--mode", "random",
                "--probability", SlowLoss, "-j", "DROP");
    }

    /// <summary>The command line that runs <paramref name="program"/> in the member's namespace.</summary>
    public IReadOnlyList<string> Wrapper(int member) => ["ip", "netns", "exec", Namespace(member)];

    public void Dispose()
    {
        for (var i = 0; i < _members; i++)
        {
            // Deleting one end takes the pair: the kernel may free a namespace's devices only much later.
            Run("ip", "link", "delete", HostEnd(i));
            Run("ip", "netns", "delete", Namespace(i));
        }
        Run("ip", "link", "delete", Bridge);
    }

    private void PartitionRules(int member, string action)
    {
        for (var other = 0; other < _members; other++)
        {
            if (other == member)
                continue;
            foreach (var (at, peer) in new[] { (member, other), (other, member) })
            {
                InMember(at, "iptables", action, "INPUT", "-s", Address(peer), "-j", "DROP");
                InMember(at, "iptables", action, "OUTPUT", "-d", Address(peer), "-j", "DROP");
            }
        }
    }

    private void InMember(int member, params string[] command) => Must(["ip", "netns", "exec", Namespace(member), .. command]);

    private static void Must(params string[] command)
    {
        var (code, said) = Run(command);
        if (code != 0)
            throw new InvalidOperationException($"`{string.Join(" ", command)}` failed ({code}): {said}");
    }

    private static (int Code, string Said) Run(params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in command.Skip(1))
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var said = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, said.Trim());
    }
}
