namespace Engine.Policies;

using Engine.Throttling;

/// <summary>The helper caps to enforce and every rule that shaped them.</summary>
public sealed record CapsDecision(HelperCaps Caps, IReadOnlyList<PolicyDecision> Decisions);
