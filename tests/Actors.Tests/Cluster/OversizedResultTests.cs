namespace Actors.Tests.Cluster;

using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Engine.Actors;
using Engine.Actors.Cluster;
using Engine.Actors.Coordination;
using Engine.Actors.Workers;
using Engine.Jobs;
using Engine.Kernels;

/// <summary>
/// A span's result too large for the frame Akka.Remote sends to another member: the job fails at once with one
/// reason naming the kernel and the size, instead of the result being dropped on the wire and its span re-run.
/// A job's answer too large for the frame to a submitter in another process: the job fails, its completed chunks
/// undone, and the submitter is told why instead of waiting for an answer Akka.Remote dropped.
/// </summary>
public sealed class OversizedResultTests : TestKit, IAsyncLifetime
{
    private const string Kernel = "bulky";
    private const string AnswerKernel = "bulky-answer";
    private readonly LoopbackCluster _cluster = new();
    private ActorSystem? _submitter;

    public OversizedResultTests() : base("akka.loglevel = WARNING")
    {
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_submitter is not null)
            await _submitter.Terminate();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_remote_result_over_the_frame_size_fails_the_job_naming_the_kernel_and_the_size()
    {
        var coordinatorMember = _cluster.Start();
        var remote = _cluster.Start();
        await _cluster.AllUp(TimeSpan.FromSeconds(30));
        // The coordinator's own workers wait for the job's end, so only the remote member's results can decide it.
        WorkEngine.Get(coordinatorMember).Register(Kernel, new BulkyKernel(resultBytes: 1, waitForTheEnd: true));
        var remoteKernel = new BulkyKernel(resultBytes: 1 << 20, waitForTheEnd: false);
        WorkEngine.Get(remote).Register(Kernel, remoteKernel);

        var failed = await Assert.ThrowsAsync<JobFailedException>(() =>
            WorkEngine.Get(coordinatorMember).RunAsync(new JobSpec(Kernel, 0, 64)).WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal(JobFailureKind.ChunkFailed, failed.Kind);
        Assert.Matches($"result of kernel '{Kernel}' for chunks? #[0-9.#]+ is [0-9,]+ bytes on the wire, over akka.remote.dot-netty.tcp.maximum-frame-size \\([0-9,]+ bytes\\)", failed.Message);
        // The remote member's spans were refused, none dropped on the wire and handed out again.
        Assert.NotEmpty(remoteKernel.Ran);
        Assert.Equal(remoteKernel.Ran.Distinct().Count(), remoteKernel.Ran.Count);
    }

    [Fact]
    public async Task An_answer_over_the_frame_size_to_a_remote_submitter_fails_the_job_and_undoes_each_completed_chunk_once()
    {
        var member = _cluster.Start();
        await _cluster.AllUp(TimeSpan.FromSeconds(30));
        var frameBytes = member.Settings.Config.GetByteSize(RemoteFrameBudget.FrameSizePath)!.Value;
        // Each result fits on its own; folded, the 64 of them are twice the frame.
        var kernel = new BytesKernel(bytesPerChunk: (int)(frameBytes / 32));
        WorkEngine.Get(member).Register(AnswerKernel, kernel);

        var answer = await SubmitFromAnotherProcess(member, new JobSpec(AnswerKernel, 0, 64, minChunk: 1), "too-large");

        var failed = Assert.IsType<JobFailed>(answer);
        Assert.Equal(JobFailureKind.ChunkFailed, failed.Kind);
        Assert.Matches($"^the answer of kernel '{AnswerKernel}' is [0-9,]+ bytes on the wire, over {RemoteFrameBudget.FrameSizePath} \\({frameBytes:N0} bytes\\)", failed.Reason);
        Assert.Equal(64, kernel.Completed.Count);
        Assert.All(kernel.Completed.Keys, chunk => Assert.Equal(1, kernel.Undone.GetValueOrDefault(chunk)));
        Assert.Equal(kernel.Completed.Keys.Order(), kernel.Undone.Keys.Order());
    }

    [Fact]
    public async Task An_answer_that_fits_reaches_the_remote_submitter_exact()
    {
        var member = _cluster.Start();
        await _cluster.AllUp(TimeSpan.FromSeconds(30));
        var kernel = new BytesKernel(bytesPerChunk: 100);
        WorkEngine.Get(member).Register(AnswerKernel, kernel);

        var answer = await SubmitFromAnotherProcess(member, new JobSpec(AnswerKernel, 0, 64, minChunk: 1), "fits");

        var completed = Assert.IsType<JobCompleted>(answer);
        Assert.Equal(Enumerable.Range(0, 64).SelectMany(i => BytesKernel.Of(i, 100)), Assert.IsType<byte[]>(completed.Result));
        Assert.Empty(kernel.Undone);
    }

    /// <summary>Submits from an ActorSystem of its own (remoting, no engine) and returns the job's one answer.</summary>
    private async Task<object> SubmitFromAnotherProcess(ActorSystem member, JobSpec spec, string jobId)
    {
        _submitter = ActorSystem.Create("submitter", ClusterConfig.Client("127.0.0.1")
            .WithFallback(ConfigurationFactory.ParseString("akka.loglevel = WARNING")));
        var probe = CreateTestProbe(_submitter);
        _submitter.ActorSelection(EngineActorNames.PathAt(LoopbackCluster.AddressOf(member), EngineActorNames.Coordinator))
            .Tell(new SubmitJob(spec, jobId), probe.Ref);
        await probe.ExpectMsgAsync<JobAccepted>(TimeSpan.FromSeconds(30));
        return await probe.ExpectMsgAsync<object>(TimeSpan.FromSeconds(60));
    }

    /// <summary>Returns <c>resultBytes</c> bytes per chunk; or first waits until the job is stopped.</summary>
    private sealed class BulkyKernel(int resultBytes, bool waitForTheEnd) : ChunkKernel<object?, byte[]>
    {
        public System.Collections.Concurrent.ConcurrentBag<long> Ran { get; } = [];

        public override byte[] Empty(object? arguments) => [];

        public override byte[] Run(ChunkRange chunk, object? arguments, ChunkContext context)
        {
            if (waitForTheEnd)
                context.Cancellation.WaitHandle.WaitOne();
            context.Cancellation.ThrowIfCancellationRequested();
            Ran.Add(chunk.Index);
            return new byte[resultBytes];
        }

        public override byte[] Combine(byte[] left, byte[] right) => right;
    }

    /// <summary>Chunk i's result is its bytes (each the index's low byte), folded in order; counts runs and undos per chunk.</summary>
    private sealed class BytesKernel(int bytesPerChunk) : ChunkKernel<object?, byte[]>
    {
        public ConcurrentDictionary<long, int> Completed { get; } = new();

        public ConcurrentDictionary<long, int> Undone { get; } = new();

        public override bool HasUndo => true;

        public static byte[] Of(long index, int bytes) => Enumerable.Repeat((byte)index, bytes).ToArray();

        public override byte[] Empty(object? arguments) => [];

        public override byte[] Run(ChunkRange chunk, object? arguments, ChunkContext context)
        {
            Completed.AddOrUpdate(chunk.Index, 1, (_, n) => n + 1);
            return Of(chunk.Index, bytesPerChunk);
        }

        public override byte[] Combine(byte[] left, byte[] right) => [.. left, .. right];

        public override void Undo(ChunkRange chunk, object? arguments) => Undone.AddOrUpdate(chunk.Index, 1, (_, n) => n + 1);
    }
}
