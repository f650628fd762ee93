namespace Actors.Tests.Support;

using System.Collections.Concurrent;
using Engine.Jobs;
using Engine.Kernels;
using Engine.Threading;

/// <summary>A polynomial hash of the item sequence: associative but not commutative, so chunk order shows.</summary>
public sealed record SequenceHash(ulong Hash, long Length)
{
    public const ulong Base = 1_000_003;

    public static SequenceHash Of(IEnumerable<long> items) =>
        items.Aggregate(new SequenceHash(0, 0), (h, i) => h.Then(new SequenceHash((ulong)i * 2654435761UL + 1, 1)));

    public SequenceHash Then(SequenceHash right) => new(Hash * Power(right.Length) + right.Hash, Length + right.Length);

    private static ulong Power(long exponent)
    {
        ulong result = 1, factor = Base;
        for (var e = exponent; e > 0; e >>= 1, factor *= factor)
            if ((e & 1) == 1)
                result *= factor;
        return result;
    }
}

public sealed class SequenceHashKernel : ChunkKernel<object?, SequenceHash>
{
    public override SequenceHash Empty(object? arguments) => new(0, 0);

    public override SequenceHash Run(ChunkRange chunk, object? arguments, ChunkContext context)
    {
        var hash = new SequenceHash(0, 0);
        for (var i = chunk.Start; i < chunk.End; i++)
            hash = hash.Then(new SequenceHash((ulong)i * 2654435761UL + 1, 1));
        return hash;
    }

    public override SequenceHash Combine(SequenceHash left, SequenceHash right) => left.Then(right);
}

/// <summary>What the thread running a chunk looked like from inside it.</summary>
/// <param name="CpuCgroup">The thread's cgroup v1 cpu group (from /proc/self/task/&lt;tid&gt;/cgroup), or "" without one.</param>
public sealed record ChunkThread(int Node, int ThreadId, int Nice, int Processor, IReadOnlyList<int> Affinity, string Name, int Policy, string CpuCgroup);

/// <summary>
/// Records the thread of every chunk (nice and CPU read from /proc/self/task/&lt;tid&gt;/stat). The lane's chunks
/// first wait (sleeping) until a helper has run one: SCHED_IDLE helpers get a CPU only when nothing else wants
/// it, and other tests running beside this one would otherwise leave the whole job to the lane.
/// </summary>
public sealed class ThreadProbeKernel(TimeSpan perChunk) : ChunkKernel<object?, long>
{
    private static readonly TimeSpan HelperWait = TimeSpan.FromSeconds(60);
    private readonly ManualResetEventSlim _helperRan = new(false);

    public ConcurrentQueue<ChunkThread> Seen { get; } = new();

    public override long Empty(object? arguments) => 0;

    public override long Run(ChunkRange chunk, object? arguments, ChunkContext context)
    {
        if (context.Node < 0)
            _helperRan.Wait(HelperWait, context.Cancellation);
        SpinFor(perChunk);
        var tid = NativeThread.CurrentThreadId();
        var stat = ThreadStat.Read(tid);
        Seen.Enqueue(new ChunkThread(context.Node, tid, stat.Nice, stat.Processor,
            NativeThread.GetCurrentThreadAffinity(), Thread.CurrentThread.Name ?? "", stat.Policy, CpuCgroup(tid)));
        if (context.Node >= 0)
            _helperRan.Set();
        return chunk.Length;
    }

    public override long Combine(long left, long right) => left + right;

    private static string CpuCgroup(int tid) => File.ReadAllLines($"/proc/self/task/{tid}/cgroup")
        .Select(line => line.Split(':', 3))
        .FirstOrDefault(f => f.Length == 3 && f[1].Split(',').Contains("cpu"))?[2] ?? "";

    private static void SpinFor(TimeSpan time)
    {
        var until = DateTime.UtcNow + time;
        while (DateTime.UtcNow < until)
            Thread.SpinWait(100);
    }
}

/// <summary>Counts helpers running chunks at once, per node and in total, and keeps the maxima.</summary>
public sealed class ConcurrencyKernel(TimeSpan perChunk) : ChunkKernel<object?, long>
{
    private readonly ConcurrentDictionary<int, int> _running = new();
    private readonly ConcurrentDictionary<int, int> _peak = new();
    private int _total;
    private int _peakTotal;

    public IReadOnlyDictionary<int, int> PeakPerNode => _peak;
    public int PeakTotal => Volatile.Read(ref _peakTotal);

    public override long Empty(object? arguments) => 0;

    public override long Run(ChunkRange chunk, object? arguments, ChunkContext context)
    {
        if (context.Node < 0)
        {
            Thread.Sleep(perChunk);
            return chunk.Length;
        }
        var onNode = _running.AddOrUpdate(context.Node, 1, (_, n) => n + 1);
        _peak.AddOrUpdate(context.Node, onNode, (_, p) => Math.Max(p, onNode));
        var total = Interlocked.Increment(ref _total);
        InterlockedMax(ref _peakTotal, total);
        Thread.Sleep(perChunk);
        Interlocked.Decrement(ref _total);
        _running.AddOrUpdate(context.Node, 0, (_, n) => n - 1);
        return chunk.Length;
    }

    public override long Combine(long left, long right) => left + right;

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}

/// <summary>Applies each chunk to a ledger and undoes it on request; throws in the chunk holding one item.</summary>
public sealed class UndoableKernel(long failAtItem, TimeSpan perChunk) : ChunkKernel<object?, long>
{
    public ConcurrentDictionary<long, bool> Applied { get; } = new();
    public ConcurrentQueue<long> UndoOrder { get; } = new();

    public override long Empty(object? arguments) => 0;

    public override long Run(ChunkRange chunk, object? arguments, ChunkContext context)
    {
        Thread.Sleep(perChunk);
        if (chunk.Start <= failAtItem && failAtItem < chunk.End)
            throw new InvalidOperationException($"disk full at {failAtItem}");
        Applied[chunk.Index] = true;
        return 1;
    }

    public override long Combine(long left, long right) => left + right;

    public override bool HasUndo => true;

    public override void Undo(ChunkRange chunk, object? arguments)
    {
        UndoOrder.Enqueue(chunk.Index);
        Applied.TryRemove(chunk.Index, out _);
    }
}

/// <summary>Every chunk waits on a gate (or its job's cancellation), so tests can hold a job mid-flight.</summary>
public sealed class GatedKernel : ChunkKernel<object?, long>
{
    public ManualResetEventSlim Gate { get; } = new(false);
    public int Started => Volatile.Read(ref _started);
    private int _started;

    public override long Empty(object? arguments) => 0;

    public override long Run(ChunkRange chunk, object? arguments, ChunkContext context)
    {
        Interlocked.Increment(ref _started);
        Gate.Wait(context.Cancellation);
        return chunk.Length;
    }

    public override long Combine(long left, long right) => left + right;
}

/// <summary>Says half of each chunk is done (<see cref="ChunkContext.ItemsDone"/>), then waits on a gate.</summary>
public sealed class HalfwayKernel : ChunkKernel<object?, long>
{
    public ManualResetEventSlim Gate { get; } = new(false);

    public override long Empty(object? arguments) => 0;

    public override long Run(ChunkRange chunk, object? arguments, ChunkContext context)
    {
        context.ItemsDone(chunk.Length / 2);
        Gate.Wait(context.Cancellation);
        return chunk.Length;
    }

    public override long Combine(long left, long right) => left + right;
}
