namespace Engine;

/// <summary>How a cluster member decides, once others are unreachable, whether it or they are downed (<c>engine.cluster.downing</c>).</summary>
public enum ClusterDowning
{
    /// <summary>The side with more members stays; with equal sides, the one holding the lowest address.</summary>
    KeepMajority,

    /// <summary>The side that takes a lease in the shared PostgreSQL database (<c>engine.postgres</c>) stays; the majority side tries first.</summary>
    LeaseMajority,
}
