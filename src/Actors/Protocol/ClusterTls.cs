namespace Engine.Actors.Protocol;

using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;

/// <summary>
/// Mutual TLS between the processes of one cluster: each presents <see cref="Certificate"/> and accepts a peer
/// only if the peer's certificate chains to <see cref="Authority"/>, the cluster's CA (the system's trust store
/// plays no part; names are not checked, since members are reached by changing addresses). A refused peer is
/// logged with its certificate's subject and the reason, and its connection is closed; the member keeps serving.
/// </summary>
public sealed class ClusterTls
{
    public ClusterTls(X509Certificate2 certificate, X509Certificate2 authority)
    {
        if (!certificate.HasPrivateKey)
            throw new ArgumentException($"the certificate {certificate.Subject} has no private key", nameof(certificate));
        Certificate = ClusterCertificates.Reloaded(certificate);
        Authority = authority;
    }

    public X509Certificate2 Certificate { get; }
    public X509Certificate2 Authority { get; }

    /// <summary>Akka.Remote's DotNetty transport setting for this certificate, checked against <see cref="Authority"/>.</summary>
    public DotNettySslSetup Setup() => new(Certificate, suppressValidation: false, requireMutualAuthentication: true,
        validateCertificateHostname: false, customValidator: Validate);

    private bool Validate(X509Certificate2? peer, X509Chain? _, string remote, SslPolicyErrors errors, ILoggingAdapter log)
    {
        if (peer is null)
        {
            log.Warning("TLS: refused {0}: it presented no certificate", remote);
            return false;
        }
        if (SignedByAuthority(peer, out var why))
            return true;
        log.Warning("TLS: refused {0}: its certificate {1} (issuer {2}) {3}", remote, peer.Subject, peer.Issuer, why);
        return false;
    }

    /// <summary>Whether <paramref name="peer"/> chains to the cluster's CA, and if not, why.</summary>
    public bool SignedByAuthority(X509Certificate2 peer, out string why)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        // A private CA publishes no revocation lists; a member is removed by reissuing the CA.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        var built = chain.Build(peer);
        var root = chain.ChainElements.Count > 0 ? chain.ChainElements[^1].Certificate : null;
        if (built && root is not null && root.RawDataMemory.Span.SequenceEqual(Authority.RawDataMemory.Span))
        {
            why = "";
            return true;
        }
        why = chain.ChainStatus.Length > 0
            ? "is not signed by the cluster CA: " + string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()))
            : $"is not signed by the cluster CA {Authority.Subject}";
        return false;
    }
}
