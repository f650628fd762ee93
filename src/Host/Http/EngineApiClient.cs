namespace Engine.Host.Http;

using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

/// <summary>
/// Reads a member's JSON API (<c>/api/members</c>, <c>/api/jobs</c>) for <c>status --http</c>: plain HTTP, read-only,
/// no certificate needed (the endpoint serves what anyone who can reach it may see).
/// </summary>
public static class EngineApiClient
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The endpoint as <c>host:port</c> or <c>http://host:port</c>; null with the reason when it is not one.</summary>
    public static Uri? ParseAddress(string text, out string error)
    {
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        // The endpoint has no usual port: one must be given (after an IPv6 address's closing bracket).
        var authority = withScheme[(withScheme.IndexOf("://", StringComparison.Ordinal) + 3)..].TrimEnd('/');
        var hasPort = authority.LastIndexOf(':') > authority.LastIndexOf(']');
        if (!hasPort || !Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp ||
            uri.AbsolutePath != "/" || uri.Query != "")
        {
            error = $"'{text}' is not host:port or http://host:port of a member's --http endpoint (example: {HttpEndpoint.Example})";
            return null;
        }
        error = "";
        return uri;
    }

    /// <summary>Both answers, as the endpoint gave them.</summary>
    /// <exception cref="HttpRequestException">The endpoint cannot be reached or does not answer 200.</exception>
    /// <exception cref="JsonException">It answered something else than the engine's JSON.</exception>
    public static async Task<(JsonObject Members, JsonObject Jobs)> ReadAsync(Uri endpoint, CancellationToken cancellation)
    {
        using var http = new HttpClient { BaseAddress = endpoint, Timeout = AnswerTimeout };
        var members = await http.GetFromJsonAsync<JsonObject>("/api/members", cancellation)
                      ?? throw new JsonException("/api/members answered null");
        var jobs = await http.GetFromJsonAsync<JsonObject>("/api/jobs", cancellation)
                   ?? throw new JsonException("/api/jobs answered null");
        return (members, jobs);
    }
}
