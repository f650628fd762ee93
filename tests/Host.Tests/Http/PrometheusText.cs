namespace Host.Tests.Http;

using System.Globalization;
using System.Text.RegularExpressions;

/// <summary>One sample of the Prometheus text exposition format: a metric name, its labels and its value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A strict reader of the Prometheus text format (version 0.0.4): every line is a comment (# HELP, # TYPE with a
/// known type), blank, or a sample; anything else is an error naming the line.
/// </summary>
public static partial class PrometheusText
{
    private static readonly HashSet<string> Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# EOF", StringComparison.Ordinal))
                continue;
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                if (parts.Length != 4 || !Name().IsMatch(parts[2]) || !Types.Contains(parts[3]))
                    throw new FormatException($"bad TYPE line: {line}");
                continue;
            }
            var sample = Sample().Match(line);
            if (!sample.Success)
                throw new FormatException($"not a sample line: {line}");
            var labels = new Dictionary<string, string>();
            foreach (Match label in Label().Matches(sample.Groups["labels"].Value))
                labels[label.Groups["key"].Value] = Regex.Unescape(label.Groups["value"].Value);
            var value = sample.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                var number => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            samples.Add(new PrometheusSample(sample.Groups["name"].Value, labels, value));
        }
        return samples;
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex Name();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*)\})? (?<value>[-+]?(\d+(\.\d*)?([eE][-+]?\d+)?|Inf|NaN))( -?\d+)?$""")]
    private static partial Regex Sample();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>([^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
