using Akka.Configuration;

namespace Engine.Actors.Serialization;

/// <summary>
/// Binds <see cref="HyperionWireSerializer"/> to every message without a more specific binding. Akka 1.5's own
/// default for System.Object is Newtonsoft JSON with TypeNameHandling.All, which must never read the wire.
/// </summary>
public static class WireSerialization
{
    private static readonly string SerializerType =
        $"{typeof(HyperionWireSerializer).FullName}, {typeof(HyperionWireSerializer).Assembly.GetName().Name}";

    public static Config Config { get; } = ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers.hyperion = "{{SerializerType}}"
          serialization-bindings { "System.Object" = hyperion }
          # Only read for serializers that do not override Identifier; kept equal to the override.
          serialization-identifiers { "{{SerializerType}}" = -5 }
          serialization-settings.hyperion {
            version-tolerance = true
            preserve-object-references = true
          }
        }
        """);
}
