namespace Actors.Tests.Support;

using Engine.Jobs;
using Engine.Kernels;
using Engine.Kernels.BuiltIn;
using Engine.Kernels.BuiltIn.Hash;

/// <summary>
/// The built-in hash kernel with a pause per leaf, so a small job lasts long enough to lose or add a cluster
/// member in the middle of it. The pause only slows it: results are the hash kernel's own.
/// </summary>
public sealed class SlowHashKernel : ChunkKernel<HashArgs, MerkleSegment>
{
    public const string Name = "slow-hash";
    private static readonly HashKernel Hash = BuiltInKernels.Hash;

    public override IReadOnlyList<Type> WireTypes => Hash.WireTypes;

    public override void Validate(JobSpec spec, HashArgs arguments) => Hash.Validate(spec, arguments);

    public override MerkleSegment Empty(HashArgs arguments) => Hash.Empty(arguments);

    public override MerkleSegment Run(ChunkRange chunk, HashArgs arguments, ChunkContext context)
    {
        Thread.Sleep(TimeSpan.FromMilliseconds(chunk.Length / arguments.LeafSize));
        return Hash.Run(chunk, arguments, context);
    }

    public override MerkleSegment Combine(MerkleSegment left, MerkleSegment right) => Hash.Combine(left, right);
}

/// <summary>
/// A member frozen as by SIGSTOP, for its helpers: every chunk they start stops until <see cref="Thaw"/>
/// (or, if <paramref name="heedsCancellation"/>, until its copy is stopped), and the member stays a reachable
/// member of the cluster all along.
/// </summary>
public sealed class FrozenHashKernel(bool heedsCancellation = false) : ChunkKernel<HashArgs, MerkleSegment>
{
    private static readonly SlowHashKernel Slow = new();
    private readonly ManualResetEventSlim _thawed = new(false);

    public int Frozen => Volatile.Read(ref _frozen);
    private int _frozen;

    /// <summary>Chunks whose copy was stopped while frozen (only when it heeds cancellation).</summary>
    public int Stopped => Volatile.Read(ref _stopped);
    private int _stopped;

    public void Thaw() => _thawed.Set();

    public override IReadOnlyList<Type> WireTypes => Slow.WireTypes;

    public override void Validate(JobSpec spec, HashArgs arguments) => Slow.Validate(spec, arguments);

    public override MerkleSegment Empty(HashArgs arguments) => Slow.Empty(arguments);

    public override MerkleSegment Run(ChunkRange chunk, HashArgs arguments, ChunkContext context)
    {
        Interlocked.Increment(ref _frozen);
        try
        {
            _thawed.Wait(heedsCancellation ? context.Cancellation : CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _stopped);
            throw;
        }
        return Slow.Run(chunk, arguments, context);
    }

    public override MerkleSegment Combine(MerkleSegment left, MerkleSegment right) => Slow.Combine(left, right);
}
