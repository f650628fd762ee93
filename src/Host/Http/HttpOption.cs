namespace Engine.Host.Http;

using System.CommandLine;
using System.CommandLine.Parsing;

/// <summary>The <c>--http host:port</c> option of <c>node</c> and <c>run</c>.</summary>
public static class HttpOption
{
    /// <summary>A node started as a service takes its endpoint from here when <c>--http</c> is not given.</summary>
    public const string EnvironmentVariable = "ENGINE_HTTP";

    /// <param name="fromEnvironment">Whether <see cref="EnvironmentVariable"/> stands in for a missing option.</param>
    public static Option<HttpEndpoint?> Create(bool fromEnvironment)
    {
        var option = new Option<HttpEndpoint?>("--http")
        {
            Description = $"Serve /metrics (Prometheus), /api/members, /api/jobs and the dashboard at / on host:port (example: {HttpEndpoint.Example})"
                + (fromEnvironment ? $"; default: ${EnvironmentVariable}, else none" : ""),
            CustomParser = result => Parse(result.Tokens.Single().Value, result, "--http"),
        };
        if (fromEnvironment)
            option.DefaultValueFactory = result => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } text
                ? Parse(text, result, EnvironmentVariable)
                : null;
        return option;
    }

    private static HttpEndpoint? Parse(string text, ArgumentResult result, string name)
    {
        if (HttpEndpoint.TryParse(text, out var endpoint, out var error))
            return endpoint;
        result.AddError($"{name}: {error}");
        return null;
    }
}
