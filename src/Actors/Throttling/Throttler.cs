namespace Engine.Actors.Throttling;

using Akka.Actor;
using Engine.Actors.Coordination;
using Engine.Actors.Workers;
using Engine.Throttling;

/// <summary>
/// The only place that decides how many helpers run: it attaches idle workers to jobs within the per-node
/// and global caps and each job's own limit. It grants at once what it can and never makes a job wait
/// (the job's lane runs regardless). A freed helper goes to the open job with the fewest helpers, so
/// concurrent jobs share the helpers fairly.
/// </summary>
public sealed class Throttler : ReceiveActor
{
    private sealed class OpenJobState(OpenJob request)
    {
        public OpenJob Request { get; } = request;
        public int Wanted { get; set; } = request.HelpersWanted;
        public int Attached { get; set; }
        public long Order { get; init; }
    }

    private sealed record Attachment(JobTicket Ticket, int Node);

    private readonly HelperLedger _ledger;
    private readonly Dictionary<int, Queue<IActorRef>> _idle = new();
    private readonly Dictionary<IActorRef, int> _nodeOf = new();
    private readonly Dictionary<IActorRef, Attachment> _attached = new();
    private readonly Dictionary<string, OpenJobState> _jobs = new();
    private readonly HashSet<IActorRef> _leaving = new();
    private long _opened;

    public Throttler(HelperCaps caps)
    {
        _ledger = new HelperLedger(caps);
        Receive<WorkerReady>(ready => Ready(Sender, ready.Node, jobRanDry: false));
        // A worker sent away by lowered caps did not find its job dry: the job may get helpers again within the caps.
        Receive<WorkerDetached>(_ => Ready(Sender, _nodeOf.GetValueOrDefault(Sender), jobRanDry: !_leaving.Remove(Sender)));
        Receive<OpenJob>(Open);
        Receive<CloseJob>(close => _jobs.Remove(close.JobKey));
        Receive<AbandonJob>(Abandon);
        Receive<Terminated>(t => Forget(t.ActorRef));
        Receive<GetThrottlerState>(_ => Sender.Tell(State()));
        Receive<UpdateCaps>(update =>
        {
            _ledger.Recap(update.Caps);
            SendAwayAboveCaps();
            Serve();
        });
    }

    public static Props Props(HelperCaps caps) => Akka.Actor.Props.Create(() => new Throttler(caps));

    private void Ready(IActorRef worker, int node, bool jobRanDry)
    {
        Release(worker, jobRanDry);
        if (_nodeOf.TryAdd(worker, node))
            Context.Watch(worker);
        var queue = Idle(node);
        if (!queue.Contains(worker))
            queue.Enqueue(worker);
        Serve();
    }

    private void Open(OpenJob open)
    {
        if (open.HelpersWanted <= 0 || _jobs.ContainsKey(open.Ticket.Key()))
            return;
        _jobs[open.Ticket.Key()] = new OpenJobState(open) { Order = _opened++ };
        Serve();
    }

    private void Abandon(AbandonJob abandon)
    {
        _jobs.Remove(abandon.JobKey);
        // Speaks for the lost coordinator, so its helpers stop waiting for grants that will never come.
        foreach (var (worker, attachment) in _attached)
            if (attachment.Ticket.Key() == abandon.JobKey)
                worker.Tell(new NoMoreChunks(attachment.Ticket.JobId));
    }

    /// <summary>Attaches idle workers, one at a time, to the open job that has the fewest helpers.</summary>
    private void Serve()
    {
        while (true)
        {
            var job = _jobs.Values.Where(j => j.Attached < j.Wanted)
                .OrderBy(j => j.Attached).ThenBy(j => j.Order).FirstOrDefault();
            if (job is null)
                return;
            var node = _ledger.TryGrant(job.Request.PreferredNodes, n => Idle(n).Count > 0);
            if (node is not { } granted)
                return;
            var worker = Idle(granted).Dequeue();
            _attached[worker] = new Attachment(job.Request.Ticket, granted);
            job.Attached++;
            worker.Tell(new AttachToJob(job.Request.Ticket));
        }
    }

    /// <summary>Frees the worker's slot. A job one of whose helpers detached has run dry: it gets no more.</summary>
    private void Release(IActorRef worker, bool jobRanDry)
    {
        if (!_attached.Remove(worker, out var attachment))
            return;
        _ledger.Release(attachment.Node);
        if (_jobs.TryGetValue(attachment.Ticket.Key(), out var job))
        {
            job.Attached--;
            if (jobRanDry)
                job.Wanted = Math.Min(job.Wanted, job.Attached);
        }
    }

    /// <summary>
    /// Lowered caps reach running jobs at their next span boundary: helpers above a node's cap, then above the
    /// global cap, leave their jobs, taken first from the jobs with the most helpers.
    /// </summary>
    private void SendAwayAboveCaps()
    {
        var staying = _attached.Where(a => !_leaving.Contains(a.Key)).ToList();
        var perJob = staying.GroupBy(a => a.Value.Ticket.Key()).ToDictionary(g => g.Key, g => g.Count());
        var total = staying.Count;
        foreach (var node in staying.Select(a => a.Value.Node).Distinct().ToArray())
        {
            var onNode = staying.Where(a => a.Value.Node == node).ToList();
            while (onNode.Count > _ledger.Caps.ForNode(node))
                total -= SendAway(onNode, perJob, staying);
        }
        while (total > _ledger.Caps.Global && staying.Count > 0)
            total -= SendAway(staying, perJob, staying);
    }

    private int SendAway(List<KeyValuePair<IActorRef, Attachment>> among, Dictionary<string, int> perJob,
        List<KeyValuePair<IActorRef, Attachment>> staying)
    {
        var chosen = among.MaxBy(a => perJob[a.Value.Ticket.Key()]);
        among.Remove(chosen);
        staying.Remove(chosen);
        perJob[chosen.Value.Ticket.Key()]--;
        _leaving.Add(chosen.Key);
        chosen.Key.Tell(new LeaveJob(chosen.Value.Ticket.Key()));
        return 1;
    }

    private void Forget(IActorRef worker)
    {
        _leaving.Remove(worker);
        Release(worker, jobRanDry: false);
        if (_nodeOf.Remove(worker, out var node))
        {
            var remaining = Idle(node).Where(w => !w.Equals(worker)).ToArray();
            _idle[node] = new Queue<IActorRef>(remaining);
        }
        Serve();
    }

    private Queue<IActorRef> Idle(int node)
    {
        if (!_idle.TryGetValue(node, out var queue))
            _idle[node] = queue = new Queue<IActorRef>();
        return queue;
    }

    private ThrottlerState State() => new(_ledger.Caps,
        _ledger.Caps.PerNode.Keys.ToDictionary(n => n, _ledger.Running), _ledger.RunningTotal,
        _idle.ToDictionary(p => p.Key, p => p.Value.Count), _jobs.Count,
        _attached.Where(a => _leaving.Contains(a.Key)).GroupBy(a => a.Value.Node).ToDictionary(g => g.Key, g => g.Count()));
}
