namespace Actors.Tests.Cluster;

using Akka.TestKit.Xunit2;
using Engine.Actors;
using Engine.Jobs;
using Engine.Kernels;

/// <summary>
/// A span's result too large for the frame Akka.Remote sends to another member: the job fails at once with one
/// reason naming the kernel and the size, instead of the result being dropped on the wire and its span re-run.
/// </summary>
public sealed class OversizedResultTests : TestKit, IAsyncLifetime
{
    private const string Kernel = "bulky";
    private readonly LoopbackCluster _cluster = new();

    public OversizedResultTests() : base("akka.loglevel = WARNING")
    {
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

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
}
