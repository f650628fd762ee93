namespace Host.Tests.Support;

/// <summary>A test that drives Debian's Chromium; skipped, saying why, only where that browser is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Executable = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Executable))
            Skip = $"{Executable} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does)";
    }
}
