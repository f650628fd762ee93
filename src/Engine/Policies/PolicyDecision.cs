namespace Engine.Policies;

/// <summary>A rule that fired while deciding limits, and why, in words an operator can check.</summary>
public sealed record PolicyDecision(string Rule, string Why);
