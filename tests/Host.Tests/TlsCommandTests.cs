namespace Host.Tests;

using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Engine.Actors.Protocol;
using Engine.Jobs;
using Engine.Kernels;
using Engine.Kernels.BuiltIn;
using Engine.Kernels.BuiltIn.Hash;
using Host.Tests.Support;

/// <summary>`certs` makes a cluster CA and signs certificates; `node`, `submit` and `status` speak mutual TLS with them.</summary>
public sealed class TlsCommandTests : IDisposable
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);
    private static readonly Dictionary<string, string> Passwords = new()
    {
        ["ENGINE_CA_PASSWORD"] = "ca-secret",
        ["ENGINE_CERT_PASSWORD"] = "member-secret",
    };

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("engine-tls-");
    private readonly List<HostProcess> _processes = [];

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Issued_certificates_are_signed_by_the_created_ca_and_their_keys_are_private()
    {
        var ca = Path.Combine(_directory.FullName, "ca");
        var member = Path.Combine(_directory.FullName, "member-1");

        Assert.Equal(0, await Run("certs", "create-ca", "--out", ca));
        Assert.Equal(0, await Run("certs", "issue", "--ca", ca, "--name", "member-1", "--out", member));

        var tls = new ClusterTls(ClusterCertificates.LoadWithKey(Path.Combine(member, "member-1.pfx"), "member-secret"),
            ClusterCertificates.LoadPublic(Path.Combine(member, "ca.crt")));
        Assert.True(tls.SignedByAuthority(tls.Certificate, out var why), why);
        Assert.Equal("CN=member-1", tls.Certificate.Subject);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(member, "member-1.pfx")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(ca, "ca.pfx")));
    }

    [Fact]
    public void A_certificate_of_another_ca_is_not_signed_by_the_cluster_ca()
    {
        using var cluster = ClusterCertificates.CreateAuthority("cluster", TimeSpan.FromDays(1));
        using var other = ClusterCertificates.CreateAuthority("other", TimeSpan.FromDays(1));
        var tls = new ClusterTls(ClusterCertificates.Issue(cluster, "member", TimeSpan.FromDays(1)),
            X509CertificateLoader.LoadCertificate(cluster.RawData));

        Assert.False(tls.SignedByAuthority(ClusterCertificates.Issue(other, "intruder", TimeSpan.FromDays(1)), out var why));
        Assert.Contains("not signed by the cluster CA", why);
    }

    [Fact]
    public async Task A_member_on_a_non_loopback_address_needs_a_certificate_or_insecure()
    {
        var code = await Run("node", "--hostname", "0.0.0.0", "--port", "0");

        Assert.Equal(2, code);
        Assert.Contains("error: --cert: 0.0.0.0 is not loopback", _lastOutput);
    }

    [Fact]
    public async Task Insecure_plain_tcp_off_loopback_is_said_loudly()
    {
        using var node = HostProcess.Start(Passwords, "node", "--hostname", "0.0.0.0", "--public-hostname", "127.0.0.1",
            "--port", $"{HostProcess.FreePort()}", "--insecure");

        await node.WaitFor("^WARNING: --insecure: plain TCP without authentication on 0.0.0.0", Startup);
        await node.WaitFor("plain TCP, no authentication$", Startup);
    }

    [Fact]
    public async Task Issuing_without_a_password_names_the_missing_password()
    {
        var ca = Path.Combine(_directory.FullName, "ca");
        Assert.Equal(0, await Run("certs", "create-ca", "--out", ca));

        var code = await Run(new Dictionary<string, string> { ["ENGINE_CA_PASSWORD"] = "ca-secret" },
            "certs", "issue", "--ca", ca, "--name", "m", "--out", _directory.FullName);

        Assert.Equal(2, code);
        Assert.Contains("error: --password-file:", _lastOutput);
    }

    [Fact]
    public async Task Three_node_processes_on_mutual_tls_run_hash_with_the_single_host_digest_and_refuse_plain_tcp()
    {
        var ca = Path.Combine(_directory.FullName, "ca");
        Assert.Equal(0, await Run("certs", "create-ca", "--out", ca));
        foreach (var name in new[] { "seed", "member-1", "member-2", "client" })
            Assert.Equal(0, await Run("certs", "issue", "--ca", ca, "--name", name, "--out", _directory.FullName));
        var ports = Enumerable.Range(0, 3).Select(_ => HostProcess.FreePort()).ToArray();
        var seed = $"akka.tcp://engine@127.0.0.1:{ports[0]}";
        string[] Tls(string name) => ["--cert", Path.Combine(_directory.FullName, name + ".pfx"), "--ca", Path.Combine(_directory.FullName, "ca.crt")];
        var members = new[]
        {
            Start(["node", "--port", $"{ports[0]}", .. Tls("seed")]),
            Start(["node", "--port", $"{ports[1]}", "--seeds", seed, .. Tls("member-1")]),
            Start(["node", "--port", $"{ports[2]}", "--seeds", seed, .. Tls("member-2")]),
        };
        foreach (var port in ports)
            await members[0].WaitFor($"member up: akka.ssl.tcp://engine@127.0.0.1:{port}$", Startup);

        var submit = Start(["submit", "--cluster", seed, .. Tls("client"), "hash", "--size", "256MiB", "--seed", "5", "--json"]);
        var plain = Start("status", "--cluster", seed);

        Assert.True(await submit.Exit(TimeSpan.FromSeconds(120)) == 0, submit.Output);
        var report = JsonDocument.Parse((await submit.WaitFor("^\\{.*\\}$", TimeSpan.FromSeconds(1))).Value).RootElement;
        Assert.Equal(SingleHostRoot(256L << 20, 5), report.GetProperty("root").GetString());
        Assert.NotEqual(0, await plain.Exit(TimeSpan.FromSeconds(60)));
        await members[0].WaitFor("Rejected incoming connection .* TLS handshake failure", TimeSpan.FromSeconds(10));
    }

    private string _lastOutput = "";

    private Task<int> Run(params string[] args) => Run(Passwords, args);

    private async Task<int> Run(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = HostProcess.Start(environment, args);
        var code = await process.Exit(Startup);
        _lastOutput = process.Output;
        return code;
    }

    private HostProcess Start(params string[] args)
    {
        var process = HostProcess.Start(Passwords, args);
        _processes.Add(process);
        return process;
    }

    private static string SingleHostRoot(long size, ulong seed)
    {
        var whole = new ChunkRange(0, 0, size);
        return ((MerkleSegment)((IChunkKernel)BuiltInKernels.Hash).Run(new ChunkContext("reference", whole, new HashArgs(Seed: seed), 0,
            CancellationToken.None))!).Root;
    }

    public void Dispose()
    {
        foreach (var process in _processes)
            process.Dispose();
        _directory.Delete(recursive: true);
    }
}
