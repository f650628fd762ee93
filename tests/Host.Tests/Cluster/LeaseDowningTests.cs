namespace Host.Tests.Cluster;

using System.Diagnostics;
using System.Text.Json;
using Actors.Tests.Support;
using Engine.Actors.Cluster;
using Host.Tests.Support;
using Npgsql;

/// <summary>
/// Two `node` processes sharing one PostgreSQL (ENGINE_POSTGRES, so lease-majority): losing either member leaves the
/// other Up, including the lower address, which keep-majority would have kept; a frozen member is downed by the one
/// that takes the lease, and rejoins once continued.
/// </summary>
public sealed class LeaseDowningTests : IDisposable
{
    /// <summary>Generous: the machine is shared, and only membership and results are asserted, never how fast they come.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private readonly List<HostProcess> _processes = [];
    private readonly PostgresServer _postgres = PostgresServer.Start();

    [Fact]
    public async Task The_survivor_of_a_SIGKILL_of_the_lower_address_stays_up_and_runs_a_job_to_the_right_result()
    {
        var (members, addresses) = await TwoMembers();
        var lower = LowerAddress(addresses);
        var survivor = 1 - lower;

        members[lower].Kill();

        await members[survivor].WaitFor($"member removed: {addresses[lower]}$", Deadline);
        Assert.Equal([addresses[survivor]], await UpMembers(addresses[survivor], 1));
        var submit = Start("submit", "--cluster", addresses[survivor], "burn", "--size", "2e6", "--verify", "--json");
        Assert.True(await submit.Exit(Deadline) == 0, submit.Output);
        var report = JsonDocument.Parse(submit.StandardOutput.Single()).RootElement;
        Assert.True(report.GetProperty("verified").GetBoolean(), submit.Output);
        Assert.Equal(report.GetProperty("single_threaded").GetString(), report.GetProperty("result").GetString());
        Assert.DoesNotContain("stopped by the cluster", members[survivor].Output);
        Assert.Equal(Owner(addresses[survivor]), await LeaseOwner());
    }

    [Fact]
    public async Task A_member_frozen_past_the_failure_detector_is_downed_by_the_lease_holder_and_rejoins_after_SIGCONT()
    {
        var (members, addresses) = await TwoMembers();
        // Freezing the lower address: keep-majority would have downed the member left running.
        var frozen = LowerAddress(addresses);
        var holder = 1 - frozen;

        Signal("STOP", members[frozen]);
        try
        {
            await members[holder].WaitFor($"member removed: {addresses[frozen]}$", Deadline);
            Assert.Equal(Owner(addresses[holder]), await LeaseOwner());
        }
        finally
        {
            Signal("CONT", members[frozen]);
        }

        await members[frozen].WaitFor($"member {addresses[frozen]}: stopped by the cluster \\(downed", Deadline);
        await members[frozen].WaitFor($"member {addresses[frozen]}: rejoined the cluster \\(incarnation 2\\)", Deadline);
        Assert.Equal(addresses.Order(), (await UpMembers(addresses[holder], 2)).Order());
        Assert.Equal(addresses.Order(), (await UpMembers(addresses[frozen], 2)).Order());
        Assert.DoesNotContain("stopped by the cluster", members[holder].Output);
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            Signal("CONT", process);
            process.Dispose();
        }
        _postgres.Dispose();
    }

    private async Task<(HostProcess[] Members, string[] Addresses)> TwoMembers()
    {
        var ports = Enumerable.Range(0, 2).Select(_ => HostProcess.FreePort()).ToArray();
        var addresses = ports.Select(p => $"akka.tcp://engine@127.0.0.1:{p}").ToArray();
        var environment = new Dictionary<string, string> { ["ENGINE_POSTGRES"] = _postgres.ConnectionString };
        var members = ports.Select((port, i) => Start(environment, i == 0
            ? ["node", "--port", $"{port}"]
            : ["node", "--port", $"{port}", "--seeds", addresses[0]])).ToArray();
        foreach (var member in members)
            foreach (var address in addresses)
                await member.WaitFor($"member up: {address}$", Deadline);
        return (members, addresses);
    }

    /// <summary>The member keep-majority keeps when two lose each other: the lower address (same host: the lower port).</summary>
    private static int LowerAddress(string[] addresses) =>
        Port(addresses[0]) < Port(addresses[1]) ? 0 : 1;

    private static int Port(string address) => int.Parse(address[(address.LastIndexOf(':') + 1)..]);

    /// <summary>The split-brain resolver's lease owner for a member: its system, host and port (Akka's HostPort).</summary>
    private static string Owner(string address) => address["akka.tcp://".Length..];

    /// <summary>Who holds the split-brain resolver's lease (named after the actor system), by the database.</summary>
    private async Task<string?> LeaseOwner()
    {
        await using var source = NpgsqlDataSource.Create(_postgres.ConnectionString);
        await using var command = source.CreateCommand(
            $"SELECT owner FROM {PostgresLease.TableName} WHERE name = 'engine-akka-sbr' AND expires > clock_timestamp()");
        return (string?)await command.ExecuteScalarAsync();
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

    private HostProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    private HostProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var process = HostProcess.Start(environment, args);
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
