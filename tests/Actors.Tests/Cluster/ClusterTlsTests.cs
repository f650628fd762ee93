namespace Actors.Tests.Cluster;

using Actors.Tests.Support;
using Akka.TestKit.Xunit2;
using Engine.Actors;
using Engine.Jobs;
using Engine.Kernels;
using Engine.Kernels.BuiltIn;
using Engine.Kernels.BuiltIn.Hash;

/// <summary>A loopback cluster whose members talk mutual TLS with certificates of one cluster CA.</summary>
public sealed class ClusterTlsTests : TestKit, IAsyncLifetime
{
    private const int LeafSize = 1024;
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);
    private readonly LoopbackCluster _cluster = new();
    private readonly TestCertificates _ca = new();

    public ClusterTlsTests() : base("akka.loglevel = WARNING")
    {
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_hash_job_over_three_members_on_mutual_tls_gives_the_single_host_digest()
    {
        var members = new[]
        {
            _cluster.Start(tls: _ca.Member("member-1")), _cluster.Start(tls: _ca.Member("member-2")),
            _cluster.Start(tls: _ca.Member("member-3")),
        };
        await _cluster.AllUp(TimeSpan.FromSeconds(30));
        var spec = new JobSpec(SlowHashKernel.Name, 0, 12_000L * LeafSize, align: LeafSize,
            arguments: new HashArgs(Seed: 7, LeafSize: LeafSize));

        var result = await WorkEngine.Get(members[0]).RunAsync(spec).WaitAsync(JobTimeout);

        Assert.Equal(SingleHostRoot(spec), ((MerkleSegment)result.Value!).Root);
        Assert.All(members, member => Assert.Equal("akka.ssl.tcp", LoopbackCluster.AddressOf(member).Protocol));
        // Chunks ran on another member too: the work crossed the TLS connections.
        Assert.True(result.Statistics.ChunksPerMember.Count(c => c.Value > 0) >= 2,
            string.Join(", ", result.Statistics.ChunksPerMember));
    }

    private static string SingleHostRoot(JobSpec spec) => ((MerkleSegment)((IChunkKernel)BuiltInKernels.Hash).Run(new ChunkContext("reference",
        new ChunkRange(0, spec.Start, spec.End), spec.Arguments, 0, CancellationToken.None))!).Root;
}
