namespace Engine.Jobs;

/// <summary>A job (or its kernel arguments) was rejected; <see cref="Field"/> names what was wrong.</summary>
public sealed class JobSpecException(string field, string message) : Exception($"{field}: {message}")
{
    public string Field { get; } = field;
    public string Reason { get; } = message;
}
