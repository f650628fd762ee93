namespace Actors.Tests.Cluster;

using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using Engine.Actors.Coordination;
using Engine.Jobs;

/// <summary>Bytes a hostile peer puts on the wire as they are, under the serializer id it chooses.</summary>
public sealed record ForgedJson(string Json);

public sealed record ForgedHyperion(byte[] Bytes);

/// <summary>Writes a <see cref="ForgedJson"/> under Akka's JSON serializer id (1), as Newtonsoft with type names would.</summary>
public sealed class ForgedJsonSerializer(ExtendedActorSystem system) : Serializer(system)
{
    public override int Identifier => 1;
    public override bool IncludeManifest => false;
    public override byte[] ToBinary(object obj) => Encoding.UTF8.GetBytes(((ForgedJson)obj).Json);
    public override object FromBinary(byte[] bytes, Type type) => throw new NotSupportedException("the hostile peer only sends");
}

/// <summary>Writes a <see cref="ForgedHyperion"/> under the engine's Hyperion id (-5).</summary>
public sealed class ForgedHyperionSerializer(ExtendedActorSystem system) : Serializer(system)
{
    public override int Identifier => -5;
    public override bool IncludeManifest => false;
    public override byte[] ToBinary(object obj) => ((ForgedHyperion)obj).Bytes;
    public override object FromBinary(byte[] bytes, Type type) => throw new NotSupportedException("the hostile peer only sends");
}

public static class ForgedPayloads
{
    private static string NameOf<T>() => $"{typeof(T).FullName}, {typeof(T).Assembly.GetName().Name}";

    /// <summary>Config that sends the forged payloads under the ids they name.</summary>
    public static Config Config { get; } = ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers {
            forged-json = "{{NameOf<ForgedJsonSerializer>()}}"
            forged-hyperion = "{{NameOf<ForgedHyperionSerializer>()}}"
          }
          serialization-bindings {
            "{{NameOf<ForgedJson>()}}" = forged-json
            "{{NameOf<ForgedHyperion>()}}" = forged-hyperion
          }
          serialize-messages = off
        }
        """);

    /// <summary>Newtonsoft's type-name JSON for a list of directories: what the JSON serializer once built.</summary>
    public const string DirectoryListJson = """
        {"$type":"System.Collections.Generic.List`1[[System.IO.DirectoryInfo, System.Private.CoreLib]], System.Private.CoreLib",
         "$values":[{"$type":"System.IO.DirectoryInfo, System.Private.CoreLib","OriginalPath":"/","FullPath":"/"}]}
        """;

    /// <summary>A Hyperion object manifest whose type name claims <paramref name="length"/> bytes.</summary>
    public static byte[] TypeNameClaiming(int length)
    {
        var bytes = new byte[64];
        bytes[0] = 255;
        BitConverter.TryWriteBytes(bytes.AsSpan(1), length);
        return bytes;
    }

    /// <summary>
    /// A well-formed <see cref="SubmitJob"/> written by <paramref name="hyperion"/> whose job id, nested inside,
    /// claims <paramref name="length"/> bytes.
    /// </summary>
    public static byte[] NestedStringClaiming(Serializer hyperion, int length)
    {
        const int honest = 300;
        var bytes = hyperion.ToBinary(new SubmitJob(new JobSpec("hash", 0, 10), new string('A', honest)));
        var at = bytes.AsSpan().IndexOf([.. BitConverter.GetBytes(honest), (byte)'A']);
        BitConverter.TryWriteBytes(bytes.AsSpan(at), length);
        return bytes;
    }
}
