namespace Engine.Host.Commands;

using System.CommandLine;
using System.Net;
using Engine.Actors.Protocol;

/// <summary>
/// Mutual TLS for `node`, `submit` and `status`: this process's certificate (PKCS#12 with its key) and the
/// cluster's CA certificate, by option or ENGINE_* variable; the password from a variable or a file, never
/// the command line. TLS is on whenever a certificate is given, and required to bind or reach anything but
/// loopback unless --insecure says otherwise (which is logged loudly).
/// </summary>
public sealed class TlsOptions
{
    public const string CertificateVariable = "ENGINE_CERT";
    public const string AuthorityVariable = "ENGINE_CA";
    public const string PasswordVariable = "ENGINE_CERT_PASSWORD";
    public const string PasswordFileVariable = "ENGINE_CERT_PASSWORD_FILE";
    public const string AuthorityPasswordVariable = "ENGINE_CA_PASSWORD";

    /// <summary>The ENGINE_* variables read here rather than as engine settings.</summary>
    public static readonly IReadOnlySet<string> Variables =
        new HashSet<string>([CertificateVariable, AuthorityVariable, PasswordVariable, PasswordFileVariable, AuthorityPasswordVariable], StringComparer.Ordinal);

    private readonly Option<FileInfo?> _certificate = new("--cert")
    {
        Description = $"This process's certificate with its key, PKCS#12 (from `certs issue`; or {CertificateVariable})",
    };
    private readonly Option<FileInfo?> _authority = new("--ca")
    {
        Description = $"The cluster CA's certificate, PEM (ca.crt; or {AuthorityVariable}): peers must be signed by it",
    };
    private readonly Option<FileInfo?> _passwordFile = new("--cert-password-file")
    {
        Description = $"File holding the certificate's password (or {PasswordFileVariable}, or the password in {PasswordVariable})",
    };
    private readonly Option<bool> _insecure = new("--insecure")
    {
        Description = "Plain TCP, no authentication, on a non-loopback address: anyone who reaches the port can use the cluster",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_certificate);
        command.Options.Add(_authority);
        command.Options.Add(_passwordFile);
        command.Options.Add(_insecure);
    }

    /// <summary>
    /// The TLS settings for a process reached at <paramref name="hostname"/> (null: plain TCP), or false after
    /// one line on <paramref name="errors"/> naming the option at fault.
    /// </summary>
    public bool TryRead(ParseResult parse, string hostname, TextWriter errors, out ClusterTls? tls)
    {
        tls = null;
        var certificate = parse.GetValue(_certificate)?.FullName ?? Variable(CertificateVariable);
        var authority = parse.GetValue(_authority)?.FullName ?? Variable(AuthorityVariable);
        if (certificate is null)
        {
            if (authority is not null)
                return Fail(errors, $"--cert: --ca is given but no certificate of this process (--cert or {CertificateVariable})");
            if (IsLoopback(hostname))
                return true;
            if (parse.GetValue(_insecure))
            {
                errors.WriteLine($"WARNING: --insecure: plain TCP without authentication on {hostname}; " +
                                 "anyone who reaches this port can submit, cancel and read jobs");
                return true;
            }
            return Fail(errors, $"--cert: {hostname} is not loopback, so the cluster needs mutual TLS: give --cert and --ca " +
                                $"(see `certs create-ca` and `certs issue`) or, knowingly, --insecure");
        }
        if (authority is null)
            return Fail(errors, $"--ca: the cluster CA's certificate is needed with --cert (or {AuthorityVariable})");
        if (!File.Exists(certificate))
            return Fail(errors, $"--cert: no file {certificate}");
        if (!File.Exists(authority))
            return Fail(errors, $"--ca: no file {authority}");
        if (!TryPassword(parse.GetValue(_passwordFile)?.FullName ?? Variable(PasswordFileVariable), errors, out var password))
            return false;
        try
        {
            tls = new ClusterTls(ClusterCertificates.LoadWithKey(certificate, password), ClusterCertificates.LoadPublic(authority));
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            return Fail(errors, $"--cert: cannot read {certificate} with its key and --ca {authority}: {e.Message}");
        }
        if (!tls.SignedByAuthority(tls.Certificate, out var why))
            return Fail(errors, $"--cert: {tls.Certificate.Subject} {why}");
        if (parse.GetValue(_insecure))
            errors.WriteLine("warning: --insecure ignored: a certificate is given, so the connection is mutual TLS");
        return true;
    }

    /// <summary>The password from the file (its first line) or the variable; null when neither is set.</summary>
    public static bool TryPassword(string? file, TextWriter errors, out string? password,
        string variable = PasswordVariable, string option = "--cert-password-file")
    {
        password = Variable(variable);
        if (file is null)
            return true;
        if (!File.Exists(file))
            return Fail(errors, $"{option}: no file {file}");
        password = File.ReadLines(file).FirstOrDefault() ?? "";
        return true;
    }

    /// <summary>What a client exposes: its own address, or the member's when that is not loopback.</summary>
    public static string Exposed(string clientHostname, Akka.Actor.Address member) =>
        IsLoopback(clientHostname) && member.Host is { } host ? host : clientHostname;

    public static bool IsLoopback(string hostname) =>
        hostname.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
        IPAddress.TryParse(hostname, out var address) && IPAddress.IsLoopback(address);

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static bool Fail(TextWriter errors, string message)
    {
        errors.WriteLine($"error: {message}");
        return false;
    }
}
