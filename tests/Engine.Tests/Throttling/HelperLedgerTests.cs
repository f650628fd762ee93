namespace Engine.Tests.Throttling;

using Engine.Throttling;

public class HelperLedgerTests
{
    private static HelperCaps Caps(int global, params int[] perNode) =>
        new(perNode.Select((cap, node) => (node, cap)).ToDictionary(p => p.node, p => p.cap), global);

    [Fact]
    public void Never_grants_more_than_the_node_cap_or_the_global_cap_under_random_grants_and_releases()
    {
        var random = new Random(42);
        var caps = Caps(7, 3, 2, 4, 1);
        var ledger = new HelperLedger(caps);
        var granted = new List<int>();
        for (var step = 0; step < 20_000; step++)
        {
            if (granted.Count > 0 && random.Next(2) == 0)
            {
                var i = random.Next(granted.Count);
                ledger.Release(granted[i]);
                granted.RemoveAt(i);
            }
            else
            {
                var preferred = Enumerable.Range(0, random.Next(0, 4)).Select(_ => random.Next(0, 5)).ToArray();
                if (ledger.TryGrant(preferred, _ => true) is { } node)
                    granted.Add(node);
            }
            Assert.True(ledger.RunningTotal <= caps.Global);
            foreach (var node in caps.PerNode.Keys)
                Assert.True(ledger.Running(node) <= caps.ForNode(node), $"node {node} ran {ledger.Running(node)}");
            Assert.Equal(granted.Count, ledger.RunningTotal);
        }
    }

    [Fact]
    public void A_full_preferred_node_sends_the_helper_to_the_node_with_most_room()
    {
        var ledger = new HelperLedger(Caps(10, 1, 2, 4));
        Assert.Equal(0, ledger.TryGrant([0], _ => true));
        Assert.Equal(2, ledger.TryGrant([0], _ => true));
        Assert.Equal(2, ledger.TryGrant([0], _ => true));
        Assert.Equal(1, ledger.TryGrant([0], _ => true));
    }

    [Fact]
    public void Grants_round_robin_over_preferred_nodes()
    {
        var ledger = new HelperLedger(Caps(10, 3, 3, 3));
        var nodes = Enumerable.Range(0, 6).Select(_ => ledger.TryGrant([0, 1, 2], _ => true)).ToArray();
        Assert.Equal([0, 1, 2, 0, 1, 2], nodes.Select(n => n!.Value));
    }

    [Fact]
    public void Grants_nothing_at_the_global_cap_and_skips_nodes_without_an_idle_worker()
    {
        var ledger = new HelperLedger(Caps(2, 2, 2));
        Assert.Equal(1, ledger.TryGrant([0], n => n == 1));
        Assert.Equal(1, ledger.TryGrant([0], n => n == 1));
        Assert.Null(ledger.TryGrant([0], _ => true));
        ledger.Release(1);
        Assert.Equal(0, ledger.TryGrant([0], _ => true));
    }

    [Fact]
    public void Releasing_a_helper_that_is_not_running_is_a_bug_and_says_so()
    {
        var ledger = new HelperLedger(Caps(2, 2));
        Assert.Throws<InvalidOperationException>(() => ledger.Release(0));
    }
}
