namespace Engine.Actors.Cluster;

using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Engine.Actors.Coordination;
using Engine.Actors.Throttling;
using Engine.Actors.Workers;
using Engine.Jobs;
using Engine.Topology;
using static Akka.Cluster.ClusterEvent;

/// <summary>
/// The engine's presence in an Akka.Cluster, one per member. It stands between this member's coordinator and
/// throttler: jobs that may run anywhere are also lent to every other member (and replayed to members that
/// join mid-job), whose throttlers attach their own helpers under their own caps; those helpers then pull
/// chunks from the coordinator exactly as local ones do. It tells the coordinator how many helpers the
/// cluster has (for chunk planning) and which members were lost (so their spans are handed out again).
/// </summary>
public sealed class EngineMember : ReceiveActor
{
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(3);

    private readonly EngineRuntime _runtime;
    private readonly IActorRef _throttler;
    private MachineTopology _topology;
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, OpenJob> _lent = new();
    private readonly HashSet<Address> _others = new();
    private readonly Dictionary<Address, int> _remoteHelpers = new();
    private readonly Dictionary<IActorRef, HashSet<string>> _helpingByCoordinator = new();
    private readonly Dictionary<Address, HashSet<string>> _stopOnReturn = new();
    private IActorRef _coordinator = ActorRefs.Nobody;

    public EngineMember(EngineRuntime runtime, MachineTopology topology, IActorRef throttler)
    {
        _runtime = runtime;
        _topology = topology;
        _throttler = throttler;
        Receive<LimitsChanged>(c => _topology = c.Limits.Topology);
        Receive<ReportMemberLossTo>(r => _coordinator = r.Coordinator);
        Receive<OpenJob>(Lend);
        Receive<CloseJob>(Reclaim);
        Receive<HelpWithJob>(Help);
        Receive<StopHelping>(s => StopHelpingFrom(Sender.Path.Address, s.JobId));
        Receive<StopCopies>(s => _runtime.Leases.StopAdopted(Sender.Path.Address.ToString(), s.Leases));
        Receive<Terminated>(t => CoordinatorLost(t.ActorRef));
        Receive<MemberUp>(up => Joined(up.Member));
        Receive<ReachableMember>(r => Joined(r.Member));
        Receive<UnreachableMember>(u => Lost(u.Member.Address, "unreachable"));
        Receive<MemberRemoved>(r => Lost(r.Member.Address, "removed"));
        Receive<IMemberEvent>(_ => { });
        Receive<MemberReport>(Counted);
        Receive<GetMemberReport>(_ => AnswerForThisMember());
        Receive<GetClusterReport>(_ => AnswerForTheCluster());
    }

    /// <param name="topology">The machine at start; changes arrive as <see cref="LimitsChanged"/>.</param>
    public static Props Props(EngineRuntime runtime, MachineTopology topology, IActorRef throttler) =>
        Akka.Actor.Props.Create(() => new EngineMember(runtime, topology, throttler));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(LimitsChanged));
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(IMemberEvent), typeof(IReachabilityEvent));
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private ActorSelection MemberAt(Address address) => Context.ActorSelection(EngineActorNames.PathAt(address, EngineActorNames.Member));

    private void Lend(OpenJob open)
    {
        _throttler.Tell(open);
        if (!open.AcrossMembers)
            return;
        var lent = open with { PreferredNodes = [] };
        _lent[open.Ticket.Key()] = lent;
        foreach (var member in _others)
            MemberAt(member).Tell(new HelpWithJob(lent));
    }

    private void Reclaim(CloseJob close)
    {
        _throttler.Tell(close);
        if (!_lent.Remove(close.JobKey, out var lent))
            return;
        foreach (var member in _others)
            MemberAt(member).Tell(new StopHelping(lent.Ticket.JobId));
        // A member away (unreachable) now may still hold the job open: it hears that it ended when it is back.
        foreach (var away in _cluster.State.Members.Select(m => m.Address).Where(a => !a.Equals(_cluster.SelfAddress) && !_others.Contains(a)))
        {
            if (!_stopOnReturn.TryGetValue(away, out var jobs))
                _stopOnReturn[away] = jobs = [];
            jobs.Add(lent.Ticket.JobId);
        }
    }

    private void Help(HelpWithJob help)
    {
        if (Refusal(help) is { } refusal)
        {
            _log.Warning("Not helping with job {0} lent by {1}: {2}", help.Job?.Ticket?.JobId, Sender.Path, refusal);
            return;
        }
        var ticket = help.Job.Ticket;
        if (!_runtime.Kernels.TryGet(ticket.Kernel, out _))
        {
            _log.Info("Not helping with job {0}: kernel '{1}' is not registered on this member", ticket.JobId, ticket.Kernel);
            return;
        }
        if (!_helpingByCoordinator.TryGetValue(ticket.Coordinator, out var jobs))
        {
            _helpingByCoordinator[ticket.Coordinator] = jobs = [];
            Context.Watch(ticket.Coordinator);
        }
        if (!jobs.Add(ticket.JobId))
            return;
        _runtime.Cancellations.Open(ticket.Key());
        _throttler.Tell(help.Job);
    }

    /// <summary>
    /// Why a lent job is not taken: it must come from another current member, name a coordinator on that
    /// member, and carry a usable plan and arguments of the kernel's type, checked before any chunk runs here.
    /// The ticket does not carry the job's spec, so the kernel's own checks (alignment, files) stay the lender's.
    /// </summary>
    private string? Refusal(HelpWithJob help)
    {
        var sender = Sender.Path.Address;
        if (help.Job?.Ticket is not { Coordinator: not null, Plan: not null, JobId: not null, Kernel: not null } ticket)
            return "the job has no ticket, coordinator, plan, kernel or id";
        if (sender.Equals(_cluster.SelfAddress) ||
            !_cluster.State.Members.Any(m => m.Address.Equals(sender) && m.Status == MemberStatus.Up))
            return $"{sender} is not another current member of this cluster";
        if (!ticket.Coordinator.Path.Address.Equals(sender))
            return $"its coordinator {ticket.Coordinator.Path} is not on the lending member {sender}";
        var plan = ticket.Plan;
        if (plan.ChunkSize < 1 || plan.Threads < 1 || plan.Start < 0 || plan.End < plan.Start || help.Job.HelpersWanted < 0)
            return $"field plan: chunk size {plan.ChunkSize}, threads {plan.Threads}, range [{plan.Start}, {plan.End}), helpers {help.Job.HelpersWanted}";
        // A kernel this member lacks is not an attack: members may differ; Help says so without a warning.
        if (!_runtime.Kernels.TryGet(ticket.Kernel, out var kernel))
            return null;
        try
        {
            // The identity of a kernel's fold costs nothing and reads the arguments as the kernel's type.
            kernel.Empty(ticket.Arguments);
        }
        catch (JobSpecException e)
        {
            return $"field {e.Field}: {e.Reason}";
        }
        return null;
    }

    /// <summary>Only the member whose coordinator lent a job can end this member's help with it.</summary>
    private void StopHelpingFrom(Address member, string jobId)
    {
        foreach (var coordinator in _helpingByCoordinator.Keys.Where(c => c.Path.Address.Equals(member)).ToArray())
            StopHelpingWith(coordinator, jobId);
    }

    private void StopHelpingWith(IActorRef coordinator, string jobId)
    {
        if (!_helpingByCoordinator.TryGetValue(coordinator, out var jobs) || !jobs.Remove(jobId))
            return;
        if (jobs.Count == 0)
        {
            _helpingByCoordinator.Remove(coordinator);
            Context.Unwatch(coordinator);
        }
        var key = JobTicket.KeyOf(coordinator, jobId);
        _runtime.Cancellations.Cancel(key);
        _runtime.Cancellations.Close(key);
        // Abandoned either way: the lender's coordinator may stop before it answers the requests these helpers
        // still have out, and then nothing would ever detach them.
        _throttler.Tell(new AbandonJob(key));
    }

    /// <summary>A remote coordinator is gone: its jobs can never take a result, so their spans stop and helpers come home.</summary>
    private void CoordinatorLost(IActorRef coordinator)
    {
        if (!_helpingByCoordinator.TryGetValue(coordinator, out var jobs))
            return;
        _log.Warning("The coordinator {0} is gone; dropping its jobs {1}", coordinator.Path, string.Join(", ", jobs));
        foreach (var jobId in jobs.ToArray())
            StopHelpingWith(coordinator, jobId);
    }

    private void Joined(Member member)
    {
        if (member.Address.Equals(_cluster.SelfAddress) || member.Status != MemberStatus.Up)
            return;
        if (!_others.Add(member.Address))
            return;
        var remote = MemberAt(member.Address);
        remote.Tell(GetMemberReport.Instance);
        if (_stopOnReturn.Remove(member.Address, out var ended))
            foreach (var jobId in ended)
                remote.Tell(new StopHelping(jobId));
        foreach (var job in _lent.Values)
            remote.Tell(new HelpWithJob(job));
    }

    private void Lost(Address address, string how)
    {
        if (address.Equals(_cluster.SelfAddress))
            return;
        _others.Remove(address);
        if (how == "removed")
            _stopOnReturn.Remove(address);
        _runtime.Machines.Remove(address);
        if (_remoteHelpers.Remove(address))
            ReportCapacity();
        _log.Warning("Member {0} is {1}", address, how);
        _coordinator.Tell(new MemberLost(address, how));
    }

    private void Counted(MemberReport status)
    {
        var address = Address.Parse(status.Address);
        if (status.Throttler is null || !_others.Contains(address))
            return;
        if (status.Machine is { } machine)
            _runtime.Machines.Set(address, machine);
        _remoteHelpers[address] = status.Throttler.Caps.Global;
        ReportCapacity();
    }

    private void ReportCapacity() => _coordinator.Tell(new ClusterCapacity(_remoteHelpers.Values.Sum()));

    private void AnswerForThisMember()
    {
        var self = _cluster.SelfMember;
        // Plain arrays: a collection expression's compiler-made list type is nothing the other side may build.
        var nodes = _topology.Nodes.ToDictionary(n => n.Id, n => n.Cpus.ToArray());
        var kernels = _runtime.Kernels.Names.ToArray();
        _throttler.Ask<ThrottlerState>(GetThrottlerState.Instance, StatusTimeout)
            .ContinueWith(state => new MemberReport(self.Address.ToString(), self.Status.ToString(), nodes, kernels,
                state.IsCompletedSuccessfully ? state.Result : null, _runtime.Machines.Self), TaskScheduler.Default)
            .PipeTo(Sender, Self);
    }

    private void AnswerForTheCluster()
    {
        var members = _cluster.State.Members.ToArray();
        var answers = members.Select(member => MemberAt(member.Address)
            .Ask<MemberReport>(GetMemberReport.Instance, StatusTimeout)
            .ContinueWith(answer => answer.IsCompletedSuccessfully
                ? answer.Result with { Status = member.Status.ToString() }
                : new MemberReport(member.Address.ToString(), $"{member.Status}, not answering",
                    new Dictionary<int, int[]>(), [], null), TaskScheduler.Default));
        var self = _cluster.SelfAddress.ToString();
        Task.WhenAll(answers)
            .ContinueWith(all => new ClusterReport(self, all.Result), TaskScheduler.Default)
            .PipeTo(Sender, Self);
    }
}
