namespace Engine.Actors.Serialization;

using Akka.Configuration;

/// <summary>
/// The serializers an engine ActorSystem reads from the wire. <see cref="HyperionWireSerializer"/> for every
/// message without a more specific binding (Akka 1.5's own default for System.Object is Newtonsoft JSON with
/// TypeNameHandling.All); the serializers that build types the sender names closed (<see cref="ClosedSerializer"/>);
/// Akka's misc and system message serializers guarded. Akka's cluster, container and primitive serializers
/// build only their own fixed types and read nested payloads through these.
/// </summary>
public static class WireSerialization
{
    private static string NameOf<T>() => $"{typeof(T).FullName}, {typeof(T).Assembly.GetName().Name}";

    public static Config Config { get; } = ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers {
            hyperion = "{{NameOf<HyperionWireSerializer>()}}"
            json = "{{NameOf<ClosedJsonSerializer>()}}"
            proto = "{{NameOf<ClosedProtobufSerializer>()}}"
            daemon-create = "{{NameOf<ClosedDaemonCreateSerializer>()}}"
            akka-misc = "{{NameOf<GuardedMiscMessageSerializer>()}}"
            akka-system-msg = "{{NameOf<GuardedSystemMessageSerializer>()}}"
          }
          serialization-bindings { "System.Object" = hyperion }
          # Only read for serializers that do not override Identifier; kept equal to the override. Akka.Remote's
          # own (the guarded serializers' inner ones) repeated for systems that do not load remoting's defaults.
          serialization-identifiers {
            "{{NameOf<HyperionWireSerializer>()}}" = -5
            "Akka.Remote.Serialization.MiscMessageSerializer, Akka.Remote" = 16
            "Akka.Remote.Serialization.SystemMessageSerializer, Akka.Remote" = 22
          }
          serialization-settings.hyperion {
            version-tolerance = true
            preserve-object-references = true
          }
        }
        """);
}
