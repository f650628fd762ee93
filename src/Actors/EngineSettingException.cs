namespace Engine.Actors;

using Akka.Configuration;

/// <summary>A bad value of one key of the <c>engine</c> section; <see cref="Key"/> names it without the section prefix.</summary>
public sealed class EngineSettingException(string key, string message, Exception? cause = null)
    : ConfigurationException($"engine.{key}: {message}", cause)
{
    /// <summary>The key under <c>engine</c>, e.g. <c>caps.per-node</c>.</summary>
    public string Key { get; } = key;
}
