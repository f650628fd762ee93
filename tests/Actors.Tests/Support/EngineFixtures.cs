namespace Actors.Tests.Support;

using Engine;
using Engine.Actors;
using Engine.Policies;
using Engine.Topology;

public static class EngineFixtures
{
    /// <summary>
    /// Two nodes of four CPUs each that this 2-CPU machine does not have, so pinning is off; caps 3 per node
    /// and 4 in total, below the four workers each pool has, so only the throttler can keep them; helpers at
    /// the lanes' priority.
    /// </summary>
    public static EngineSettings FakeTwoNodes => EngineConfig.DefaultSettings with
    {
        Topology = new MachineTopology([new NumaNode(0, [0, 1, 2, 3]), new NumaNode(1, [4, 5, 6, 7])],
            [0, 1, 2, 3, 4, 5, 6, 7], null, ["fake: 2 nodes x 4 CPUs"]),
        Pin = false,
        // About sharing work within caps, not politeness: helpers that yield to every busy thread would leave a
        // loaded test machine's jobs to their lanes (leases take their spans back), and nothing to count.
        HelperNice = 0,
        HelperIdleClass = false,
        HelperCgroup = false,
        Caps = new CapsConfig(3, 4),
        ProgressInterval = TimeSpan.FromMilliseconds(50),
    };

    /// <summary>This machine as it is: real nodes, pinning, nice 19, SCHED_IDLE and the helpers' cgroup.</summary>
    public static EngineSettings ThisMachine => EngineConfig.DefaultSettings with { ProgressInterval = TimeSpan.FromMilliseconds(50) };
}
