namespace Engine.Actors.Coordination;

using Akka.Actor;
using Akka.Event;
using Engine.Actors.Cluster;
using Engine.Jobs;
using Engine.Planning;
using Engine.Policies;

/// <summary>Handing spans to workers, taking in their results, leases that run late, and workers or members that are lost.</summary>
internal sealed partial class JobActor
{
    /// <summary>
    /// Asks the throttler for the job's helpers. An automatic job is sized first: from its kernel's remembered
    /// item time, or, the first time, only once the lane has timed a span (until then the lane runs alone).
    /// </summary>
    private void OpenForHelpers()
    {
        var run = _run;
        var request = run.HelperRequest!;
        if (run.Spec.WantsAutoHelpers)
        {
            double itemTicks;
            string rule;
            if (run.AwaitingTiming && run.RunTicks > 0 && run.ItemsDone > 0)
                (itemTicks, rule) = ((double)run.RunTicks / run.ItemsDone, HelperCountPolicy.Measured);
            else if (_start!.RememberedItemTicks is { } remembered)
                (itemTicks, rule) = (remembered, HelperCountPolicy.Remembered);
            else
            {
                run.AwaitingTiming = true;
                return;
            }
            run.AwaitingTiming = false;
            var decision = HelperCountPolicy.Decide(itemTicks, run.Plan.ChunkSize, run.Plan.Size - run.ItemsDone,
                request.HelpersWanted + 1, _runtime.Settings.SpanTarget, _runtime.Settings.AutoHelpers, rule);
            run.Decisions.Add(decision.Decision);
            request = request with { HelpersWanted = decision.Threads - 1 };
        }
        // The caller's limit (or the measured one) holds across members; left to the caps, each member's caps bound its own.
        run.HelperBudget = run.Spec.MaxHelpers == JobSpec.CapsDecide ? int.MaxValue : request.HelpersWanted;
        if (request.HelpersWanted > 0)
            _throttler.Tell(request);
    }

    private IReadOnlyList<int> PreferredNodes(Placement placement, int localNode) => placement switch
    {
        LocalNodePlacement => [localNode],
        NodesPlacement nodes => nodes.Shares.Select(s => s.Node).ToArray(),
        _ => _limits.Topology.Nodes.Select(n => n.Id).ToArray(),
    };

    private void OnRequest(RequestChunks request)
    {
        if (!_run.Attach(Sender, request.Node))
        {
            Sender.Tell(new NoMoreChunks(_run.JobId));
            return;
        }
        WatchOnce(Sender);
        for (var i = 0; i < request.Count; i++)
            Dispatch(Sender, request.Node);
    }

    /// <returns>Whether the worker got a span; a lane that got none is parked until there is one.</returns>
    private bool Dispatch(IActorRef worker, int node)
    {
        var run = _run;
        if (run.TryTake(worker, node, out var lease))
        {
            _meter.SpanGranted(node, worker);
            worker.Tell(new ChunksGranted(run.JobId, lease.Span, lease.Id));
            return true;
        }
        if (!run.IsHelper(worker) && run.Stopping is null)
            run.ParkedLaneRequests++;
        else
        {
            run.Detach(worker);
            worker.Tell(new NoMoreChunks(run.JobId));
        }
        return false;
    }

    private void OnDone(ChunksDone done)
    {
        var run = _run;
        var counted = false;
        var combined = Guarded("combining chunk results", () => counted = run.Complete(done, Sender));
        StopRemoteLosers();
        if (counted)
        {
            // The job's clock is read only for someone listening to the dispatch latency.
            var sinceGranted = _meter.TimesDispatch && run.WinnerGrantedAt is { } grantedAt ? run.Now - grantedAt : (long?)null;
            _meter.SpanCompleted(done.Span.Count, run.Plan.ItemsIn(done.Span.First, done.Span.Count), done.ElapsedTicks, sinceGranted, done.Node, Sender);
        }
        else if (combined)
            _meter.DuplicateDropped(Sender);
        if (!combined)
        {
            FinishWhenDrained();
            return;
        }
        if (run.AwaitingTiming && !run.IsComplete)
            OpenForHelpers();
        if (run.Stopping is not null)
        {
            // Stopped (failed, cancelled, timed out): every completed chunk is undone before the answer.
            FinishWhenDrained();
            if (done.WantsMore)
                Dispatch(Sender, done.Node);
            return;
        }
        if (run.IsComplete)
        {
            Finish();
            if (done.WantsMore)
                Sender.Tell(new NoMoreChunks(done.JobId));
            return;
        }
        if (done.WantsMore)
            Dispatch(Sender, done.Node);
        FinishWhenDrained();
    }

    private void OnFailed(ChunkFailed failed)
    {
        var run = _run;
        var stoppedBefore = run.Stopping is not null;
        Guarded("combining chunk results", () => run.Fail(failed, Sender));
        StopRemoteLosers();
        _meter.SpanFailed(failed.CompletedChunks, run.Plan.ItemsIn(failed.Span.First, failed.CompletedChunks), failed.Node, Sender);
        if (!stoppedBefore && run.Stopping is { Kind: JobFailureKind.ChunkFailed })
        {
            _log.Warning("Job {0}: {1}", run.JobId, run.Stopping.Reason);
            _runtime.Cancellations.Cancel(run.Key);
        }
        if (failed.WantsMore)
            Dispatch(Sender, failed.Node);
        if (run.Stopping is not null)
            FinishWhenDrained();
        else
            WakeParkedLane();
    }

    private void OnReturned(ChunksReturned returned)
    {
        var run = _run;
        var worker = Sender;
        var requeued = run.Requeue(c => returned.Lease != 0 ? c.Lease.Id == returned.Lease : c.Holder.Equals(worker) && c.Lease.Span == returned.Span);
        _meter.SpansRequeued(requeued.Count);
        AfterLoss();
    }

    private void OnTerminated(IActorRef actor)
    {
        var run = _run;
        _watched.Remove(actor);
        if (_watchers.Remove(actor))
            return;
        if (actor.Equals(_submitter) && !Detached)
        {
            Stop(JobFailureKind.Cancelled, "the submitter stopped");
            return;
        }
        run.Detach(actor);
        var lost = run.Requeue(c => c.Holder.Equals(actor));
        if (lost.Count == 0)
            return;
        _log.Warning("Job {0}: worker {1} was lost holding {2}; handing them out again", run.JobId, actor.Path,
            string.Join(", ", lost));
        _meter.SpansRequeued(lost.Count);
        AfterLoss();
    }

    /// <summary>
    /// Spans held on a lost member go back at once, without waiting for the member to be removed: if it comes
    /// back, its late results are duplicates and are dropped (the first result of a span wins).
    /// </summary>
    private void OnMemberLost(MemberLost lost)
    {
        var run = _run;
        if (!Detached && _submitter.Path.Address.Equals(lost.Member))
        {
            Stop(JobFailureKind.Cancelled, $"the submitter's member {lost.Member} is {lost.How}");
            return;
        }
        run.DetachAllAt(lost.Member);
        var spans = run.Requeue(c => c.Holder.Path.Address.Equals(lost.Member));
        if (spans.Count == 0)
            return;
        _log.Warning("Job {0}: member {1} is {2} holding {3}; handing them out again", run.JobId, lost.Member, lost.How,
            string.Join(", ", spans));
        _meter.SpansRequeued(spans.Count);
        AfterLoss();
    }

    /// <summary>Spans went back to the cursor: a stopping job may now be drained, a running one has work for its lane.</summary>
    private void AfterLoss()
    {
        if (_run.Stopping is not null)
            FinishWhenDrained();
        else
            WakeParkedLane();
    }

    private void WakeParkedLane()
    {
        while (_run.ParkedLaneRequests > 0)
        {
            _run.ParkedLaneRequests--;
            if (!Dispatch(_run.Lane, NodePart.AnyNode))
                return;
        }
    }

    /// <summary>
    /// Late copies (their lease ran out) and, near the job's end, starved ones (their thread waits for a CPU) are
    /// offered to workers that wait, the lane first; a stopping job stops waiting for late copies.
    /// </summary>
    private void ReviewLeases()
    {
        _run.ReviewLeases();
        if (_run.Stopping is null)
            WakeParkedLane();
        else if (_run.DropLateCopies().Count > 0)
        {
            _log.Warning("Job {0}: stopped; no longer waiting for spans whose lease ran out", _run.JobId);
            FinishWhenDrained();
        }
    }

    /// <summary>Copies on other members that lost the race stop there at once instead of running to the end.</summary>
    private void StopRemoteLosers()
    {
        if (_run.RemoteLosers.Count == 0)
            return;
        foreach (var member in _run.RemoteLosers.GroupBy(c => c.Holder.Path.Address))
            Context.ActorSelection(EngineActorNames.PathAt(member.Key, EngineActorNames.Member))
                .Tell(new StopCopies(_run.JobId, member.Select(c => c.Lease.Id).ToArray()));
        _run.RemoteLosers.Clear();
    }
}
