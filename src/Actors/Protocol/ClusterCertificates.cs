namespace Engine.Actors.Protocol;

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

/// <summary>
/// A cluster's own certificate authority and the certificates it signs for members and clients, made with
/// .NET's <see cref="CertificateRequest"/> (no external tool). Every certificate is good for both ends of a
/// mutual TLS connection; who may connect is decided by the signature, not by names.
/// </summary>
public static class ClusterCertificates
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>A self-signed CA certificate with its private key, which only signs certificates.</summary>
    public static X509Certificate2 CreateAuthority(string name, TimeSpan validity)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={name}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now + validity);
    }

    /// <summary>A member or client certificate for <paramref name="name"/> (also its DNS name), signed by the CA.</summary>
    public static X509Certificate2 Issue(X509Certificate2 authority, string name, TimeSpan validity)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={name}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication, ClientAuthentication], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var now = DateTimeOffset.UtcNow;
        var notAfter = now + validity < authority.NotAfter ? now + validity : authority.NotAfter;
        var serial = RandomNumberGenerator.GetBytes(16);
        using var signed = request.Create(authority, now.AddMinutes(-5), notAfter, serial);
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>The certificate and its private key as PKCS#12, encrypted with <paramref name="password"/>.</summary>
    public static byte[] ExportWithKey(X509Certificate2 certificate, string password) =>
        certificate.Export(X509ContentType.Pkcs12, password);

    /// <summary>The public certificate alone, PEM.</summary>
    public static string ExportPublic(X509Certificate2 certificate) => certificate.ExportCertificatePem();

    public static X509Certificate2 LoadWithKey(string path, string? password) =>
        X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.Exportable);

    /// <summary>A certificate with its key, loaded back from PKCS#12 so TLS on every platform can use the key.</summary>
    public static X509Certificate2 Reloaded(X509Certificate2 certificate)
    {
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        return X509CertificateLoader.LoadPkcs12(ExportWithKey(certificate, password), password, X509KeyStorageFlags.Exportable);
    }

    public static X509Certificate2 LoadPublic(string path) => X509CertificateLoader.LoadCertificateFromFile(path);
}
