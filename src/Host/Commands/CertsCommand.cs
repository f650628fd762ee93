namespace Engine.Host.Commands;

using System.CommandLine;
using System.Security.Cryptography;
using Engine.Actors.Protocol;

/// <summary>
/// `certs create-ca` and `certs issue`: the cluster's own CA, and the certificates it signs for members and
/// clients (<see cref="ClusterCertificates"/>). Private keys go to PKCS#12 files readable by their owner only,
/// encrypted with a password from a variable or a file; the CA's public certificate goes next to each.
/// </summary>
public static class CertsCommand
{
    public const string AuthorityKeyFile = "ca.pfx";
    public const string AuthorityFile = "ca.crt";

    public static Command Create() => new("certs", "Create the cluster's CA and sign member and client certificates for mutual TLS")
    {
        CreateAuthority(),
        Issue(),
    };

    private static Command CreateAuthority()
    {
        var output = Directory("--out", "Directory for ca.pfx (the CA's key: keep it off the members) and ca.crt");
        var name = new Option<string>("--name") { Description = "The CA's common name", DefaultValueFactory = _ => "engine cluster CA" };
        var days = Days(3650);
        var passwordFile = PasswordFile("--ca-password-file", TlsOptions.AuthorityPasswordVariable, "ca.pfx");
        var command = new Command("create-ca", "Create a cluster CA") { output, name, days, passwordFile };
        command.SetAction(parse =>
        {
            var errors = parse.InvocationConfiguration.Error;
            if (!TlsOptions.TryPassword(parse.GetValue(passwordFile)?.FullName, errors, out var password,
                    TlsOptions.AuthorityPasswordVariable, "--ca-password-file"))
                return 2;
            if (string.IsNullOrEmpty(password))
                return Fail(errors, $"--ca-password-file: the CA's key needs a password ({TlsOptions.AuthorityPasswordVariable} or --ca-password-file)");
            var directory = parse.GetValue(output)!;
            using var authority = ClusterCertificates.CreateAuthority(parse.GetValue(name)!, TimeSpan.FromDays(parse.GetValue(days)));
            directory.Create();
            WritePrivate(Path.Combine(directory.FullName, AuthorityKeyFile), ClusterCertificates.ExportWithKey(authority, password));
            File.WriteAllText(Path.Combine(directory.FullName, AuthorityFile), ClusterCertificates.ExportPublic(authority));
            parse.InvocationConfiguration.Output.WriteLine(
                $"CA {authority.Subject}, valid until {authority.NotAfter:yyyy-MM-dd}: {directory.FullName}/{AuthorityKeyFile}, {AuthorityFile}");
            return 0;
        });
        return command;
    }

    private static Command Issue()
    {
        var authorityDirectory = Directory("--ca", "Directory of the CA (from create-ca)");
        var name = new Option<string>("--name") { Description = "The member's or client's name (its certificate's CN and DNS name)", Required = true };
        var output = Directory("--out", "Directory for NAME.pfx (certificate and key) and ca.crt");
        var days = Days(825);
        var authorityPasswordFile = PasswordFile("--ca-password-file", TlsOptions.AuthorityPasswordVariable, "ca.pfx");
        var passwordFile = PasswordFile("--password-file", TlsOptions.PasswordVariable, "NAME.pfx");
        var command = new Command("issue", "Sign a certificate for a member or client")
        {
            authorityDirectory, name, output, days, authorityPasswordFile, passwordFile,
        };
        command.SetAction(parse =>
        {
            var errors = parse.InvocationConfiguration.Error;
            var certificateName = parse.GetValue(name)!;
            if (certificateName.Length == 0 || certificateName.IndexOfAny([.. Path.GetInvalidFileNameChars(), ',', '=', '+']) >= 0)
                return Fail(errors, $"--name: '{certificateName}' is not usable as a file and certificate name");
            if (!TlsOptions.TryPassword(parse.GetValue(authorityPasswordFile)?.FullName, errors, out var authorityPassword,
                    TlsOptions.AuthorityPasswordVariable, "--ca-password-file") ||
                !TlsOptions.TryPassword(parse.GetValue(passwordFile)?.FullName, errors, out var password,
                    TlsOptions.PasswordVariable, "--password-file"))
                return 2;
            if (string.IsNullOrEmpty(password))
                return Fail(errors, $"--password-file: the certificate's key needs a password ({TlsOptions.PasswordVariable} or --password-file)");
            var authorityKey = Path.Combine(parse.GetValue(authorityDirectory)!.FullName, AuthorityKeyFile);
            if (!File.Exists(authorityKey))
                return Fail(errors, $"--ca: no {AuthorityKeyFile} in {parse.GetValue(authorityDirectory)!.FullName} (see `certs create-ca`)");
            System.Security.Cryptography.X509Certificates.X509Certificate2 authority;
            try
            {
                authority = ClusterCertificates.LoadWithKey(authorityKey, authorityPassword);
            }
            catch (CryptographicException e)
            {
                return Fail(errors, $"--ca-password-file: cannot open {authorityKey}: {e.Message.Trim()}");
            }
            using (authority)
            using (var issued = ClusterCertificates.Issue(authority, certificateName, TimeSpan.FromDays(parse.GetValue(days))))
            {
                var directory = parse.GetValue(output)!;
                directory.Create();
                WritePrivate(Path.Combine(directory.FullName, certificateName + ".pfx"), ClusterCertificates.ExportWithKey(issued, password));
                File.WriteAllText(Path.Combine(directory.FullName, AuthorityFile), ClusterCertificates.ExportPublic(authority));
                parse.InvocationConfiguration.Output.WriteLine(
                    $"{issued.Subject} signed by {authority.Subject}, valid until {issued.NotAfter:yyyy-MM-dd}: " +
                    $"{directory.FullName}/{certificateName}.pfx, {AuthorityFile}");
            }
            return 0;
        });
        return command;
    }

    private static Option<DirectoryInfo> Directory(string name, string description) =>
        new(name) { Description = description, Required = true };

    private static Option<int> Days(int fallback)
    {
        var days = new Option<int>("--days") { Description = "Days the certificate is valid", DefaultValueFactory = _ => fallback };
        days.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
                r.AddError($"--days: must be at least 1, got {r.GetValueOrDefault<int>()}");
        });
        return days;
    }

    private static Option<FileInfo?> PasswordFile(string name, string variable, string protects) =>
        new(name) { Description = $"File holding the password of {protects} (or {variable})" };

    private static void WritePrivate(string path, byte[] bytes)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var file = new FileStream(path, options);
        file.Write(bytes);
    }

    private static int Fail(TextWriter errors, string message)
    {
        errors.WriteLine($"error: {message}");
        return 2;
    }
}
