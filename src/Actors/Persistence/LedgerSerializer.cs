namespace Engine.Actors.Persistence;

using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Engine.Actors.Protocol;
using Engine.Actors.Serialization;
using Engine.Planning;
using Hyperion;

/// <summary>
/// Writes and reads the job journal's rows with Hyperion under the wire's rules: a row must hold a ledger entry
/// (<see cref="ILedgerEntry"/>) built only of the wire's values and the registered kernels' wire types, so what
/// a journal row may hold is what the wire may carry, and a foreign or corrupt row is refused with one clear
/// error, never instantiated.
/// </summary>
public sealed class LedgerSerializer : SerializerWithStringManifest
{
    /// <summary>Written in every journal row; fixed, so a journal stays readable by the next process.</summary>
    public const int Id = 7411;

    private static readonly Type[] Entries = typeof(ILedgerEntry).Assembly.GetTypes()
        .Where(t => typeof(ILedgerEntry).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false }).ToArray();

    private readonly HyperionSerializers _hyperion;
    private readonly WireTypeAllowList _ledger = new();

    public LedgerSerializer(ExtendedActorSystem system) : base(system)
    {
        _ledger.AllowMessages(Entries);
        _ledger.Allow([typeof(LedgerSegment), typeof(NodePart), .. WireProtocol.Values]);
        var wire = WireTypes.For(system);
        _hyperion = HyperionSerializers.Create(new LedgerTypeFilter(_ledger, wire));
    }

    public override int Identifier => Id;

    public override string Manifest(object o) => "";

    public override byte[] ToBinary(object obj) => _hyperion.ToBinary(obj);

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!WireMessageHeader.TryRead(bytes, out var typeName, out var refusal))
            throw new SerializationException($"journal row refused: {refusal} (not an engine ledger entry)");
        if (!WireMessageHeader.TryParse(typeName, out var name) || !_ledger.IsMessage(name))
            throw new SerializationException($"journal row refused: {typeName} is not an engine ledger entry");
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            return _hyperion.Reader.Deserialize<object>(stream);
        }
        catch (Exception e)
        {
            throw new SerializationException($"journal row refused: its {name.Name} cannot be read ({e.GetBaseException().Message})", e);
        }
    }

    /// <summary>A type inside a row: a ledger type or the wire's (kernels registered after start included).</summary>
    private sealed class LedgerTypeFilter(WireTypeAllowList ledger, WireTypeAllowList wire) : ITypeFilter
    {
        public bool IsAllowed(string typeName) =>
            WireMessageHeader.TryParse(typeName, out var name) && (ledger.IsAllowed(name) || wire.IsAllowed(name));
    }
}
