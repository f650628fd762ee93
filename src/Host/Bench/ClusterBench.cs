namespace Engine.Host.Bench;

using System.Diagnostics;
using Akka.Configuration;
using Engine.Actors;
using Engine.Actors.Coordination;
using Engine.Host.Cluster;
using Engine.Jobs;
using Engine.Kernels.BuiltIn.Burn;
using Engine.Kernels.BuiltIn.Hash;
using Engine.Planning;
using Engine.Threading;

/// <summary>
/// `bench cluster`: remote chunk dispatch to one member over loopback, what one chunk costs the coordinator
/// (messages, bytes, CPU), and a hash job on a three-member loopback cluster against the same job in one process;
/// the dispatch rates and the cluster job again over mutual TLS, side by side.
/// </summary>
public static class ClusterBench
{
    // One item per chunk; with a zero span target every chunk is also its own grant and result on the wire.
    private const string FineChunks = "engine.load-balance-factor = 10000000\nengine.cluster-load-balance-factor = 10000000";
    // In spans, empty chunks go so fast that the job must be this much longer for the remote member to join in.
    private const int SpanJobScale = 100;
    private const string OneChunkPerMessage = "engine.span-target = 0ms";
    private const double MicrosPerClockTick = 1e6 / MachineCpuTime.ClockTicksPerSecond;
    // A fresh member's second job still ran about 5% slower than its third and later ones (heaps and buffers growing).
    private const int WarmUpRuns = 2;
    // Runs timed per start: within one round, the VM's speed moves less than between rounds, and a start costs more than a run.
    private const int TimedRuns = 3;

    /// <param name="cancellation">Ctrl-C: the running job is cancelled, and the `node` children are stopped with their cluster.</param>
    public static async Task<ClusterBenchReport> RunAsync(long dispatchItems, long hashBytes, int repeats, TextWriter log,
        CancellationToken cancellation)
    {
        log.WriteLine($"dispatch: {dispatchItems * SpanJobScale:N0} one-item chunks from this process to itself and one `node` child");
        var spans = await Dispatch(dispatchItems * SpanJobScale, oneChunkPerMessage: false, cancellation);
        log.WriteLine($"{spans.RemoteChunksPerSecond:N0} chunks/s in {spans.RemoteSpansPerSecond:N0} spans/s; dispatch again, {dispatchItems:N0} chunks, one per message");
        var dispatch = await Dispatch(dispatchItems, oneChunkPerMessage: true, cancellation) with
        {
            RemoteChunksPerSecond = spans.RemoteChunksPerSecond,
            RemoteSpansPerSecond = spans.RemoteSpansPerSecond,
            RemoteChunks = spans.RemoteChunks
        };
        log.WriteLine($"{dispatch.RemoteMessagesPerSecond:N0} chunks/s to the remote member, {dispatch.CoordinatorChunksPerSecond:N0} chunks/s from the coordinator to all its workers");
        log.WriteLine("dispatch again, both ways, over mutual TLS");
        var tlsSpans = await Dispatch(dispatchItems * SpanJobScale, oneChunkPerMessage: false, cancellation, tls: true);
        var tlsMessages = await Dispatch(dispatchItems, oneChunkPerMessage: true, cancellation, tls: true);
        log.WriteLine($"TLS: {tlsSpans.RemoteChunksPerSecond:N0} chunks/s in {tlsSpans.RemoteSpansPerSecond:N0} spans/s, {tlsMessages.RemoteMessagesPerSecond:N0} chunks/s one per message");
        var hash = new JobSpec(HashKernel.Name, 0, hashBytes, align: HashArgs.DefaultLeafSize, arguments: new HashArgs(Seed: 1));
        log.WriteLine($"hash {SizeText.Format(hashBytes)} in one process, on a 3-member loopback cluster and on one over mutual TLS, in turn: "
            + $"{repeats} round(s), each started afresh, {TimedRuns} runs timed after {WarmUpRuns} warm-up runs");
        var timed = await TimeHashInTurn(hash, repeats, cancellation);
        var ((single, singleRoots), (cluster, clusterRoots), (tlsCluster, tlsRoots)) = (timed[0], timed[1], timed[2]);
        return dispatch with
        {
            Members = 3,
            HashBytes = hashBytes,
            SingleProcessSeconds = Median(single),
            ClusterSeconds = Median(cluster),
            ClusterRatio = Median(cluster) / Median(single),
            SameDigest = SameDigest(singleRoots, clusterRoots),
            TlsRemoteChunksPerSecond = tlsSpans.RemoteChunksPerSecond,
            TlsRemoteSpansPerSecond = tlsSpans.RemoteSpansPerSecond,
            TlsRemoteMessagesPerSecond = tlsMessages.RemoteMessagesPerSecond,
            TlsClusterSeconds = Median(tlsCluster),
            TlsClusterRatio = Median(tlsCluster) / Median(single),
            TlsSameDigest = SameDigest(singleRoots, tlsRoots),
            SingleProcessRuns = single,
            ClusterRuns = cluster,
            TlsClusterRuns = tlsCluster,
        };
    }

    private static async Task<ClusterBenchReport> Dispatch(long items, bool oneChunkPerMessage, CancellationToken cancellation, bool tls = false)
    {
        var config = ConfigurationFactory.ParseString(FineChunks);
        if (oneChunkPerMessage)
            config = ConfigurationFactory.ParseString(OneChunkPerMessage).WithFallback(config);
        // On one machine the remote member's nice-19 SCHED_IDLE helper would only get the CPU this process's lane
        // leaves over; at nice 0 in SCHED_OTHER it gets its share, so the figure is the dispatch path's and not the scheduler's.
        // Requests in flight are the engine's own: at one chunk per message the remote helper deepens them itself
        // (remote-prefetch-max), as spans shorter than the round trip leave it waiting.
        await using var cluster = await LocalCluster.Start(childMembers: 1, config,
            new Dictionary<string, string>
            {
                ["ENGINE_NICE"] = "0",
                ["ENGINE_HELPER_SCHEDULER"] = "normal",
                ["ENGINE_HELPER_CGROUP"] = "off",
            }, tls, cancellation);
        var engine = cluster.Self.Engine;
        var spec = new JobSpec(BurnKernel.Name, 0, items, arguments: new BurnArgs(Rounds: 1));
        var selfAddress = Akka.Cluster.Cluster.Get(cluster.Self.System).SelfAddress.ToString();
        using var remoteSpans = new RemoteSpanCount(engine.Metrics.Meter, selfAddress);
        var control = ControlThreadTicks();
        var process = Process.GetCurrentProcess().TotalProcessorTime;
        var result = await engine.RunAsync(spec, cancellation);
        var controlMicros = (ControlThreadTicks() - control) * MicrosPerClockTick;
        var processMicros = (Process.GetCurrentProcess().TotalProcessorTime - process).TotalMicroseconds;
        var remote = result.Statistics.ChunksPerMember.Where(m => m.Key != selfAddress).Sum(m => m.Value);
        var chunks = result.Statistics.Chunks;
        var perSecond = remote / result.Statistics.Elapsed.TotalSeconds;
        return new ClusterBenchReport(Environment.ProcessorCount, chunks, remote, perSecond,
            remoteSpans.Spans / result.Statistics.Elapsed.TotalSeconds, perSecond,
            chunks / result.Statistics.Elapsed.TotalSeconds,
            MessagesPerChunk: 2, WireBytes(engine, new ChunksGranted("0123456789ab", new ChunkSpan(123_456, 1))),
            WireBytes(engine, new ChunksDone("0123456789ab", new ChunkSpan(123_456, 1), 42UL, 1_234, 0, true)),
            controlMicros / chunks, processMicros / chunks, 0, 0, 0, 0, 0, false);
    }

    /// <summary>
    /// The same hash job in one process, on a plain and on a TLS cluster, in turn each round, so a machine that
    /// slows down for a while (a shared VM) slows each of them alike (the report gives medians: one stalled run moves a mean).
    /// Each is started afresh every round and alone (an idle cluster's members still take some CPU), and times
    /// <see cref="TimedRuns"/> runs after <see cref="WarmUpRuns"/>.
    /// </summary>
    private static async Task<(IReadOnlyList<TimedHashRun> Runs, IReadOnlySet<string> Roots)[]> TimeHashInTurn(JobSpec spec, int repeats, CancellationToken cancellation)
    {
        Func<Task<(EngineProcess Engine, IAsyncDisposable Owner)>>[] starts =
        [
            () => Task.FromResult(Alone(EngineProcess.Start())),
            async () => Owned(await LocalCluster.Start(childMembers: 2, cancellation: cancellation)),
            async () => Owned(await LocalCluster.Start(childMembers: 2, tls: true, cancellation: cancellation)),
        ];
        var runs = starts.Select(_ => new List<TimedHashRun>()).ToArray();
        var roots = starts.Select(_ => new HashSet<string>()).ToArray();
        for (var round = 0; round < repeats; round++)
            for (var i = 0; i < starts.Length; i++)
            {
                var (engine, owner) = await starts[i]();
                await using (owner)
                {
                    for (var warmUp = 0; warmUp < WarmUpRuns; warmUp++)
                        await engine.Engine.RunAsync(spec, cancellation);
                    for (var run = 0; run < TimedRuns; run++)
                    {
                        var cpu = MachineCpuTime.Read();
                        var clock = Stopwatch.StartNew();
                        var result = await engine.Engine.RunAsync(spec, cancellation);
                        var elapsed = clock.Elapsed.TotalSeconds;
                        runs[i].Add(new TimedHashRun(elapsed, MachineCpuTime.Read() - cpu, result.Statistics));
                        roots[i].Add(((MerkleSegment)result.Value!).Root);
                    }
                }
            }
        return runs.Select((r, i) => ((IReadOnlyList<TimedHashRun>)r, (IReadOnlySet<string>)roots[i])).ToArray();

        static (EngineProcess, IAsyncDisposable) Alone(EngineProcess engine) => (engine, engine);
        static (EngineProcess, IAsyncDisposable) Owned(LocalCluster cluster) => (cluster.Self, cluster);
    }

    private static double Median(IReadOnlyList<TimedHashRun> runs) => BenchStatistics.Median(runs.Select(r => r.Seconds).ToArray());

    /// <summary>Every timed run of both gave one and the same digest.</summary>
    private static bool SameDigest(IReadOnlySet<string> one, IReadOnlySet<string> other) => one.Count == 1 && one.SetEquals(other);

    private static int WireBytes(WorkEngine engine, object message) =>
        engine.System.Serialization.FindSerializerFor(message).ToBinary(message).Length;

    private static long ControlThreadTicks() => Directory.GetDirectories("/proc/self/task")
        .Select(d => int.Parse(Path.GetFileName(d)))
        .Select(tid =>
        {
            try
            {
                return ThreadStat.Read(tid);
            }
            catch (IOException)
            {
                return null;
            }
        })
        .Where(t => t is not null && t.Comm.StartsWith(EngineThreadNames.Control, StringComparison.Ordinal))
        .Sum(t => t!.CpuTicks);
}
