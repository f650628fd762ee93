namespace Host.Tests.Support;

using PuppeteerSharp;

/// <summary>
/// Debian's Chromium, headless, driven by PuppeteerSharp over the DevTools protocol. Nothing is downloaded: the
/// executable is the installed one; the flags keep it off the (closed) network; the profile is new and removed after.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly string _profile;

    private HeadlessChromium(IBrowser browser, string profile) => (Browser, _profile) = (browser, profile);

    public IBrowser Browser { get; }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        var profile = Directory.CreateTempSubdirectory("engine-chromium-").FullName;
        var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Executable,
            Headless = true,
            UserDataDir = profile,
            DefaultViewport = new ViewPortOptions { Width = 1280, Height = 1000 },
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
        return new HeadlessChromium(browser, profile);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        await Browser.DisposeAsync();
        Directory.Delete(_profile, recursive: true);
    }
}
