namespace Engine.Jobs;

/// <summary>
/// A job, like padata_mt_job / ktask_ctl: the items [Start, Start+Size) handed to a registered kernel
/// in chunks that are multiples of <see cref="Align"/> and at least <see cref="MinChunk"/> items.
/// <see cref="MaxHelpers"/> counts every thread working on the job, the submitter's own lane included,
/// so 1 means "no helpers" (ktask disabled); the caps may grant fewer, never more. <see cref="AutoHelpers"/>
/// lets the engine measure the kernel and decide; <see cref="EngineMinChunk"/> takes the engine's
/// <c>default-min-chunk</c>.
/// </summary>
public sealed record JobSpec
{
    /// <summary>No limit from the caller: the caps alone decide.</summary>
    public const int CapsDecide = int.MaxValue;

    /// <summary>As many helpers as keep each one busy for a useful time, measured per kernel (see HelperCountPolicy).</summary>
    public const int AutoHelpers = 0;

    /// <summary>The engine's configured <c>default-min-chunk</c>.</summary>
    public const long EngineMinChunk = 0;

    public JobSpec(string kernel, long start, long size, long align = 1, long minChunk = EngineMinChunk,
        int maxHelpers = CapsDecide, Placement? placement = null, object? arguments = null,
        TimeSpan? timeout = null)
    {
        Kernel = kernel;
        Start = start;
        Size = size;
        Align = align;
        MinChunk = minChunk;
        MaxHelpers = maxHelpers;
        Placement = placement ?? Placement.AnyNode;
        Arguments = arguments;
        Timeout = timeout;
    }

    public string Kernel { get; init; }
    public long Start { get; init; }
    public long Size { get; init; }
    public long Align { get; init; }
    public long MinChunk { get; init; }
    public int MaxHelpers { get; init; }
    public Placement Placement { get; init; }
    public object? Arguments { get; init; }
    public TimeSpan? Timeout { get; init; }

    public long End => Start + Size;

    public bool WantsAutoHelpers => MaxHelpers == AutoHelpers;
}
