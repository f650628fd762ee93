namespace Engine.Host.Cluster;

/// <summary>The address given with --cluster did not lead to an engine member.</summary>
public sealed class ClusterUnreachableException(string message) : Exception(message);
