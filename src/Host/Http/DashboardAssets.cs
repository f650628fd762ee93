namespace Engine.Host.Http;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

/// <summary>The dashboard's files, embedded in the Host (Http/Dashboard): nothing is fetched from anywhere else.</summary>
public static class DashboardAssets
{
    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/dashboard.js", "dashboard.js", "text/javascript; charset=utf-8"),
        ("/dashboard.css", "dashboard.css", "text/css; charset=utf-8"),
    ];

    public static void Map(WebApplication app)
    {
        foreach (var (path, resource, contentType) in Files)
        {
            var bytes = Read(resource);
            app.MapGet(path, (HttpContext context) =>
            {
                // The page may load only its own script, style and API, so a stray external reference fails visibly.
                context.Response.Headers.ContentSecurityPolicy = "default-src 'self'";
                return Results.Bytes(bytes, contentType);
            });
        }
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream($"Engine.Host.Http.Dashboard.{name}")
            ?? throw new InvalidOperationException($"dashboard asset {name} is not embedded in the Host");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
