namespace Engine.Actors.Serialization;

using Hyperion;
using HyperionSerializer = Hyperion.Serializer;

/// <summary>
/// The engine's Hyperion options, in one place for the wire (<see cref="HyperionWireSerializer"/>) and the job
/// journal (<c>LedgerSerializer</c>): version tolerance on (the length bounds rely on the manifest it writes
/// before every value), ISerializable ignored, and two instances. Hyperion also filters when writing and caches
/// a refusal per type for good, so a type sent before it was allowed would stay unsendable: the writer has no
/// filter; the reader has Hyperion's unsafe-type checks and the caller's filter.
/// </summary>
internal sealed class HyperionSerializers
{
    private HyperionSerializers(HyperionSerializer writer, HyperionSerializer reader) => (Writer, Reader) = (writer, reader);

    public HyperionSerializer Writer { get; }

    public HyperionSerializer Reader { get; }

    /// <param name="readFilter">Which type names the reader may build.</param>
    /// <param name="surrogates">How types that do not travel as themselves do (actor references), or none.</param>
    public static HyperionSerializers Create(ITypeFilter readFilter, bool preserveObjectReferences = true,
        IEnumerable<Surrogate>? surrogates = null)
    {
        SerializerOptions Options(bool disallowUnsafeTypes, ITypeFilter typeFilter) => new(
            versionTolerance: true,
            preserveObjectReferences: preserveObjectReferences,
            surrogates: surrogates,
            serializerFactories: null,
            knownTypes: null,
            ignoreISerializable: true,
            packageNameOverrides: null,
            disallowUnsafeTypes: disallowUnsafeTypes,
            typeFilter: typeFilter);
        return new HyperionSerializers(new HyperionSerializer(Options(false, DisabledTypeFilter.Instance)),
            new HyperionSerializer(Options(true, readFilter)));
    }

    public byte[] ToBinary(object obj)
    {
        using var stream = new MemoryStream();
        Writer.Serialize(obj, stream);
        return stream.ToArray();
    }
}
