namespace Actors.Tests.Support;

using System.Security.Cryptography.X509Certificates;
using Engine.Actors.Protocol;

/// <summary>A cluster CA made for one test, and members' TLS settings signed by it.</summary>
public sealed class TestCertificates
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(1);

    public TestCertificates(string name = "test cluster CA") => Authority = ClusterCertificates.CreateAuthority(name, Validity);

    public X509Certificate2 Authority { get; }

    /// <summary>The CA's public certificate alone, as a member that trusts it holds it.</summary>
    public X509Certificate2 PublicAuthority => X509CertificateLoader.LoadCertificate(Authority.RawData);

    public X509Certificate2 Issue(string name) => ClusterCertificates.Issue(Authority, name, Validity);

    /// <summary>TLS for a process named <paramref name="name"/> of this cluster.</summary>
    public ClusterTls Member(string name) => new(Issue(name), PublicAuthority);
}
