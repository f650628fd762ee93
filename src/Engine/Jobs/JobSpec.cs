namespace Engine.Jobs;

/// <summary>
/// A job, like padata_mt_job / ktask_ctl: the items [Start, Start+Size) handed to a registered kernel
/// in chunks that are multiples of <see cref="Align"/> and at least <see cref="MinChunk"/> items.
/// <see cref="MaxHelpers"/> counts every thread working on the job, the submitter's own lane included,
/// so 1 means "no helpers" (ktask disabled); the caps may grant fewer, never more.
/// </summary>
public sealed record JobSpec
{
    /// <summary>No limit from the caller: the caps alone decide.</summary>
    public const int CapsDecide = int.MaxValue;

    public JobSpec(string kernel, long start, long size, long align = 1, long minChunk = 1,
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
}
