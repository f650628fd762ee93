namespace Host.Tests.Cluster;

using System.Diagnostics;
using System.Text.Json;
using Host.Tests.Support;

/// <summary>
/// A `node` frozen (SIGSTOP) until the others have downed and removed it comes back by itself once continued
/// (SIGCONT): a new incarnation on the same port, a member again, and the job it coordinated failed with a reason.
/// </summary>
public sealed class MemberRejoinTests : IDisposable
{
    /// <summary>Generous: the machine is shared, and only membership is asserted, never how fast it changes.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private readonly List<HostProcess> _processes = [];

    [Fact]
    public async Task A_member_frozen_until_it_is_removed_rejoins_on_its_port_after_SIGCONT_and_its_job_fails_with_a_reason()
    {
        var ports = Enumerable.Range(0, 3).Select(_ => HostProcess.FreePort()).ToArray();
        var addresses = ports.Select(p => $"akka.tcp://engine@127.0.0.1:{p}").ToArray();
        var members = ports.Select((port, i) => Start(i == 0
            ? ["node", "--port", $"{port}"]
            : ["node", "--port", $"{port}", "--seeds", addresses[0]])).ToArray();
        foreach (var address in addresses)
            await members[0].WaitFor($"member up: {address}$", Deadline);
        await UpMembers(addresses[0], addresses.Length);
        const int victim = 2;
        var submit = Start("submit", "--cluster", addresses[victim], "burn", "--size", "1e12", "--json");
        await submit.WaitFor(@"chunks (\d+)/(\d+)", Deadline);

        Signal("STOP", members[victim]);
        try
        {
            await members[0].WaitFor($"member removed: {addresses[victim]}$", Deadline);
            await members[1].WaitFor($"member removed: {addresses[victim]}$", Deadline);
        }
        finally
        {
            Signal("CONT", members[victim]);
        }

        await members[victim].WaitFor($"member {addresses[victim]}: stopped by the cluster \\(downed", Deadline);
        await members[victim].WaitFor($"member {addresses[victim]}: rejoined the cluster \\(incarnation 2\\)", Deadline);
        var seen = await UpMembers(addresses[0], addresses.Length);
        Assert.Equal(addresses.Order(), seen.Order());
        Assert.Equal(addresses.Order(), (await UpMembers(addresses[victim], addresses.Length)).Order());
        Assert.NotEqual(0, await submit.Exit(Deadline));
        await submit.WaitFor("CoordinatorLost|coordinator .* is gone|stopped before", TimeSpan.FromSeconds(1));
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            Signal("CONT", process);
            process.Dispose();
        }
    }

    /// <summary>The addresses `status` lists as Up, once it lists <paramref name="count"/> of them.</summary>
    private static async Task<string[]> UpMembers(string member, int count)
    {
        var deadline = DateTime.UtcNow + Deadline;
        var said = "";
        while (DateTime.UtcNow < deadline)
        {
            using var status = HostProcess.Start("status", "--cluster", member, "--json");
            if (await status.Exit(Deadline) == 0 && status.StandardOutput.SingleOrDefault() is { } line)
            {
                var up = JsonDocument.Parse(line).RootElement.GetProperty("members").EnumerateArray()
                    .Where(m => m.GetProperty("status").GetString() == "Up")
                    .Select(m => m.GetProperty("address").GetString()!).ToArray();
                if (up.Length == count)
                    return up;
                said = line;
            }
            else
                said = status.Output;
            await Task.Delay(500);
        }
        throw new TimeoutException($"`status --cluster {member}` did not list {count} members Up within {Deadline}: {said}");
    }

    private HostProcess Start(params string[] args)
    {
        var process = HostProcess.Start(args);
        _processes.Add(process);
        return process;
    }

    private static void Signal(string signal, HostProcess process)
    {
        if (process.Pid is not { } pid)
            return;
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString()]);
        kill.WaitForExit();
    }
}
