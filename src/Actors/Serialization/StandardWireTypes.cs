namespace Engine.Actors.Serialization;

using System.Collections;
using System.Collections.Immutable;
using Akka.Actor;

/// <summary>The BCL and Akka types that engine messages are built from, accepted by every allow-list.</summary>
internal static class StandardWireTypes
{
    /// <summary>Values that carry data only. No exceptions: their fields reach into arbitrary types.</summary>
    public static readonly IReadOnlyList<Type> Values =
    [
        typeof(object), typeof(string), typeof(bool), typeof(char),
        typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(int), typeof(uint),
        typeof(long), typeof(ulong), typeof(float), typeof(double), typeof(decimal),
        typeof(TimeSpan), typeof(DateTime), typeof(DateTimeOffset), typeof(Guid),
        // Hyperion writes dictionaries as a sequence of these.
        typeof(DictionaryEntry),
    ];

    /// <summary>Generic definitions, accepted only when every type argument is accepted too.</summary>
    public static readonly IReadOnlyList<Type> Collections =
    [
        typeof(Nullable<>), typeof(KeyValuePair<,>),
        typeof(List<>), typeof(Dictionary<,>), typeof(HashSet<>),
        typeof(ImmutableArray<>), typeof(ImmutableList<>), typeof(ImmutableDictionary<,>),
        typeof(ImmutableHashSet<>), typeof(ImmutableSortedDictionary<,>), typeof(ImmutableSortedSet<>),
    ];

    /// <summary>
    /// What the ISurrogated surrogate puts on the wire for actor references and addresses. Props, Deploy and
    /// router surrogates stay out: they name types to instantiate, and the engine never deploys remotely.
    /// </summary>
    public static readonly IReadOnlyList<Type> ActorReferences =
    [
        typeof(ActorRefBase.Surrogate), typeof(Nobody.NobodySurrogate),
        typeof(ActorPath.Surrogate), typeof(Address.AddressSurrogate),
    ];
}
