namespace Engine.Host.Bench.Politeness;

using System.Text.Json.Nodes;

/// <summary>The foreground's throughput alone and its loss beside each background engine set-up.</summary>
/// <param name="Losses">Loss in percent by scenario key (see <see cref="PolitenessScenario.All"/>).</param>
public sealed record PolitenessReport(int ForegroundThreads, double Seconds, double AloneRoundsPerSecond,
    IReadOnlyDictionary<string, double> Losses, IReadOnlyList<PolicyLine> EnginePolicies)
{
    public double SameSessionLossPct => Losses["same_session"];
    public double OtherSessionLossPct => Losses["other_session"];
    public double Nice0LossPct => Losses["nice0"];

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["same_session_loss_pct"] = Math.Round(SameSessionLossPct, 2),
            ["other_session_loss_pct"] = Math.Round(OtherSessionLossPct, 2),
            ["nice0_loss_pct"] = Math.Round(Nice0LossPct, 2),
            ["foreground_threads"] = ForegroundThreads,
            ["seconds"] = Seconds,
            ["alone_rounds_per_s"] = Math.Round(AloneRoundsPerSecond),
        };
        foreach (var (key, loss) in Losses.Where(l => l.Key is not ("same_session" or "other_session" or "nice0")))
            json[$"{key}_loss_pct"] = Math.Round(loss, 2);
        json["engine_policies"] = new JsonArray(EnginePolicies
            .Select(p => (JsonNode)new JsonObject { ["rule"] = p.Rule, ["why"] = p.Why }).ToArray());
        return json;
    }

    public IEnumerable<string> ToText()
    {
        yield return $"politeness: foreground of {ForegroundThreads} busy thread(s), {Seconds:0} s per run, {AloneRoundsPerSecond:N0} rounds/s alone";
        foreach (var scenario in PolitenessScenario.All)
            yield return $"  {scenario.Description}: foreground lost {Losses[scenario.Key]:0.0}%";
        foreach (var policy in EnginePolicies)
            yield return $"  engine policy {policy.Rule}: {policy.Why}";
    }
}

/// <summary>A policy line the background engine printed (how its helpers were made polite).</summary>
public sealed record PolicyLine(string Rule, string Why);
