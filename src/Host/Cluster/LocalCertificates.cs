namespace Engine.Host.Cluster;

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Engine.Actors.Protocol;
using Engine.Host.Commands;

/// <summary>
/// A CA made for one loopback cluster, its certificates written to a private temporary directory for the
/// `node` children (which read them as the `certs` command's files), and deleted with it.
/// </summary>
public sealed class LocalCertificates : IDisposable
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(1);
    private readonly X509Certificate2 _authority;
    private readonly DirectoryInfo _directory;
    private readonly string _password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    private LocalCertificates(X509Certificate2 authority, DirectoryInfo directory) => (_authority, _directory) = (authority, directory);

    public static LocalCertificates Create()
    {
        var directory = Directory.CreateTempSubdirectory("engine-local-cluster-");
        var certificates = new LocalCertificates(ClusterCertificates.CreateAuthority("local cluster CA", Validity), directory);
        File.WriteAllText(certificates.AuthorityPath, ClusterCertificates.ExportPublic(certificates._authority));
        return certificates;
    }

    private string AuthorityPath => Path.Combine(_directory.FullName, CertsCommand.AuthorityFile);

    /// <summary>TLS for a member in this process.</summary>
    public ClusterTls Tls(string name) =>
        new(ClusterCertificates.Issue(_authority, name, Validity), X509CertificateLoader.LoadCertificate(_authority.RawData));

    /// <summary>`node` options for a child member; its key's password goes into <paramref name="environment"/>.</summary>
    public IEnumerable<string> NodeArguments(string name, IDictionary<string, string> environment)
    {
        var path = Path.Combine(_directory.FullName, name + ".pfx");
        using var issued = ClusterCertificates.Issue(_authority, name, Validity);
        File.WriteAllBytes(path, ClusterCertificates.ExportWithKey(issued, _password));
        environment[TlsOptions.PasswordVariable] = _password;
        return ["--cert", path, "--ca", AuthorityPath];
    }

    public void Dispose()
    {
        _directory.Delete(recursive: true);
        _authority.Dispose();
    }
}
