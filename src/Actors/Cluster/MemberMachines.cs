namespace Engine.Actors.Cluster;

using System.Collections.Concurrent;
using Akka.Actor;
using Engine.Leasing;

/// <summary>
/// The machine (<see cref="Topology.MachineIdentity"/>) of this process and of every other member that reported
/// one, for placing a worker of any of them: coordinators read it, this process's <see cref="EngineMember"/> writes it.
/// </summary>
public sealed class MemberMachines(string? self)
{
    private readonly ConcurrentDictionary<Address, string> _members = new();

    public string? Self { get; } = self;

    public void Set(Address member, string machine) => _members[member] = machine;

    public void Remove(Address member) => _members.TryRemove(member, out _);

    /// <summary>Where a worker at <paramref name="address"/> runs on <paramref name="node"/>; a member that reported no machine is nowhere known.</summary>
    public WorkerPlace PlaceOf(Address address, int node) =>
        new(address.HasLocalScope ? Self : _members.GetValueOrDefault(address), node);
}
