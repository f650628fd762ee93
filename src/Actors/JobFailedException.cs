namespace Engine.Actors;

using Engine.Actors.Coordination;
using Engine.Jobs;

/// <summary>Thrown by <see cref="WorkEngine.RunAsync"/> when the coordinator answers <see cref="JobFailed"/>.</summary>
public sealed class JobFailedException(JobFailed failure) : Exception(failure.Reason)
{
    public JobFailed Failure { get; } = failure;

    public JobFailureKind Kind => Failure.Kind;

    /// <summary>The spec field at fault, for a rejected job.</summary>
    public string? Field => Failure.Field;
}
