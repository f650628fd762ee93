namespace Engine.Actors.Throttling;

using Engine.Policies;

/// <summary>
/// What the process may use changed (a `taskset`, a container resize, the charger unplugged): published on the
/// system's event stream by the <see cref="LimitsWatcher"/>, the one source of the limits in force. The
/// coordinator, each job, the cluster member and the facade keep the last one they were told; the throttler gets
/// the caps by its own message.
/// </summary>
public sealed record LimitsChanged(EngineLimits Limits);
