namespace Engine.Host.Bench.Chaos;

using System.Collections.Concurrent;
using Engine.Jobs;
using Engine.Kernels;

/// <param name="Tag">The job, in the ledger.</param>
/// <param name="FailAtChunk">The chunk that throws, or -1.</param>
public sealed record ChaosArgs(string Tag, long FailAtChunk);

/// <summary>A polynomial hash of the items in order: associative, not commutative, so a chunk counted twice or out of order shows.</summary>
public sealed record ChaosDigest(ulong Hash, long Length)
{
    private const ulong Base = 1_000_003;

    public static ChaosDigest Of(long start, long end)
    {
        ulong hash = 0;
        for (var i = start; i < end; i++)
            hash = hash * Base + ((ulong)i * 2654435761UL + 1);
        return new ChaosDigest(hash, end - start);
    }

    public ChaosDigest Then(ChaosDigest right) => new(Hash * Power(right.Length) + right.Hash, Length + right.Length);

    private static ulong Power(long exponent)
    {
        ulong result = 1, factor = Base;
        for (var e = exponent; e > 0; e >>= 1, factor *= factor)
            if ((e & 1) == 1)
                result *= factor;
        return result;
    }
}

/// <summary>
/// What every member's chaos kernels did, per job and chunk: shared by members that are ActorSystems of one process;
/// a member process also appends each record to its journal, which the harness reads back (<see cref="Read"/>).
/// </summary>
public sealed class ChaosLedger(TextWriter? journal = null)
{
    private const string CompletedMark = "completed";
    private const string UndoneMark = "undone";

    public ConcurrentDictionary<(string Tag, long Chunk), int> Completed { get; } = new();
    public ConcurrentDictionary<(string Tag, long Chunk), int> Undone { get; } = new();

    public IReadOnlyDictionary<long, int> CompletedOf(string tag) => Of(Completed, tag);

    public IReadOnlyDictionary<long, int> UndoneOf(string tag) => Of(Undone, tag);

    public void RecordCompleted(string tag, long chunk) => Record(Completed, CompletedMark, tag, chunk);

    public void RecordUndone(string tag, long chunk) => Record(Undone, UndoneMark, tag, chunk);

    /// <summary>The records of every journal (lines "completed|undone chunk tag"), one ledger.</summary>
    public static ChaosLedger Read(IEnumerable<string> lines)
    {
        var ledger = new ChaosLedger();
        foreach (var line in lines)
        {
            var parts = line.Split(' ', 3);
            if (parts.Length != 3 || !long.TryParse(parts[1], out var chunk))
                continue;
            var counts = parts[0] == CompletedMark ? ledger.Completed : parts[0] == UndoneMark ? ledger.Undone : null;
            counts?.AddOrUpdate((parts[2], chunk), 1, (_, n) => n + 1);
        }
        return ledger;
    }

    private void Record(ConcurrentDictionary<(string Tag, long Chunk), int> counts, string mark, string tag, long chunk)
    {
        counts.AddOrUpdate((tag, chunk), 1, (_, n) => n + 1);
        if (journal is null)
            return;
        // Flushed at once: a member killed right after a chunk still leaves its record.
        lock (journal)
        {
            journal.WriteLine($"{mark} {chunk} {tag}");
            journal.Flush();
        }
    }

    private static Dictionary<long, int> Of(ConcurrentDictionary<(string Tag, long Chunk), int> counts, string tag) =>
        counts.Where(c => c.Key.Tag == tag).ToDictionary(c => c.Key.Chunk, c => c.Value);
}

/// <summary>Faults of one member's helpers: frozen (every chunk they start waits, as under SIGSTOP) or slow.</summary>
public sealed class MemberFaults
{
    private readonly ManualResetEventSlim _running = new(true);
    private volatile int _slowdown = 1;

    public void Freeze() => _running.Reset();

    public void Thaw() => _running.Set();

    public void Slow(int factor) => _slowdown = Math.Max(1, factor);

    internal void Enter(CancellationToken cancellation)
    {
        // A frozen thread heeds nothing, not even cancellation, until it is thawed.
        _running.Wait();
        cancellation.ThrowIfCancellationRequested();
    }

    internal int Slowdown => _slowdown;
}

/// <summary>
/// The chaos harness's kernel: sleeps in proportion to its items (CPU-light, so a 2-core machine holds three
/// members), hashes them in order, throws at a chosen chunk, and records every completion and undo in a ledger.
/// The undoing variant has side effects, so the engine never runs one of its chunks twice at once.
/// </summary>
public sealed class ChaosKernel(ChaosLedger ledger, MemberFaults faults, bool undoable) : ChunkKernel<ChaosArgs, ChaosDigest>
{
    public const string Pure = "chaos";
    public const string Undoing = "chaos-undo";
    public const long ItemsPerMillisecond = 500;

    public override bool HasUndo => undoable;

    public override ChaosDigest Empty(ChaosArgs arguments) => new(0, 0);

    public override ChaosDigest Run(ChunkRange chunk, ChaosArgs arguments, ChunkContext context)
    {
        if (context.Node >= 0)
            faults.Enter(context.Cancellation);
        Thread.Sleep(TimeSpan.FromMilliseconds((double)chunk.Length / ItemsPerMillisecond * (context.Node >= 0 ? faults.Slowdown : 1)));
        if (chunk.Index == arguments.FailAtChunk)
            throw new InvalidOperationException($"chaos: chunk #{chunk.Index} fails by design");
        var digest = ChaosDigest.Of(chunk.Start, chunk.End);
        ledger.RecordCompleted(arguments.Tag, chunk.Index);
        return digest;
    }

    public override ChaosDigest Combine(ChaosDigest left, ChaosDigest right) => left.Then(right);

    public override void Undo(ChunkRange chunk, ChaosArgs arguments) => ledger.RecordUndone(arguments.Tag, chunk.Index);
}
