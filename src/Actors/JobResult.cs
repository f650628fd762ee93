namespace Engine.Actors;

using Engine.Jobs;

/// <summary>A finished job: its reduced result and how it ran.</summary>
public sealed record JobResult(string JobId, object? Value, JobStatistics Statistics)
{
    public T ValueAs<T>() => (T)Value!;
}
