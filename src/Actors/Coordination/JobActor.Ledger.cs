namespace Engine.Actors.Coordination;

using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Engine.Actors.Persistence;
using Engine.Kernels;

/// <summary>The job's ledger: what a new job writes, how a resumed one starts from what it reads, and journal failures.</summary>
internal sealed partial class JobActor
{
    private readonly List<(long First, long Count, object? Result)> _recovered = [];
    private JobAdmitted? _admitted;
    private bool _answeredBefore;
    private AnswerKept? _kept;
    private int _spansSinceSnapshot;
    private long _chunksJournaled;
    private long _eventsRead;
    private long _snapshotAt;
    private string? _journalError;
    // A new journalled job is acknowledged once its admission is written (and, on one host, the index holds it).
    private bool _unacknowledged;
    private bool _admissionWritten;
    private bool _awaitsIndex;
    private readonly List<(long First, long Count, object? Result)> _spansAwaitingIndex = [];

    /// <summary>Whether jobs of <paramref name="kernel"/> are journalled here.</summary>
    public static bool Journals(EngineRuntime runtime, IChunkKernel kernel) => runtime.Settings.Journal.Enabled && kernel.Persistable;

    /// <summary>Unique per admission: a job id may be used again once its job has answered.</summary>
    public static string NewPersistenceId(string jobId) => $"job|{jobId}|{Guid.NewGuid():N}";

    private void Recovering()
    {
        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is not LedgerSnapshot snapshot)
                throw new InvalidDataException($"job {_jobId}: its ledger snapshot is a {offer.Snapshot?.GetType().Name ?? "null"}, not a LedgerSnapshot");
            _snapshotAt = offer.Metadata.SequenceNr;
            _admitted = snapshot.Job;
            _recovered.Clear();
            _recovered.AddRange(snapshot.Segments.Select(g => (g.First, g.End - g.First, g.Value)));
        });
        Recover<JobAdmitted>(admitted =>
        {
            // A job id used again (a sharded job's ledger is named by its id): only the latest admission counts.
            _eventsRead++;
            _admitted = admitted;
            _recovered.Clear();
            _answeredBefore = false;
            _kept = null;
        });
        Recover<SpanCompleted>(span =>
        {
            _eventsRead++;
            _recovered.Add((span.First, span.Count, span.Result));
        });
        Recover<JobAnswered>(_ =>
        {
            _eventsRead++;
            _answeredBefore = true;
        });
        Recover<AnswerKept>(kept =>
        {
            _eventsRead++;
            _kept = kept;
        });
        Recover<RecoveryCompleted>(_ => Recovered());
    }

    /// <summary>
    /// A new job starts at once while what it was admitted as is written; a resumed one starts from its ledger
    /// (unless it had answered already, or the ledger is unusable: then it ends with one clear log line, nothing runs).
    /// </summary>
    private void Recovered()
    {
        if (_start is { } start)
        {
            _admitted = new JobAdmitted(start.JobId, start.Spec, start.Plan, start.Parts.ToArray(), start.LocalNode);
            if (_durable)
                WriteAdmission(start.Acknowledges, start.AwaitsIndex);
            Begin([]);
            return;
        }
        if (_sharded && (_answeredBefore || _admitted is null))
        {
            if (!TryKeepRecoveredAnswer())
                AwaitAdmission();
            return;
        }
        if (_answeredBefore || _admitted is null)
        {
            if (_admitted is null)
                _log.Error("Job {0}: its ledger in the journal holds no admitted job; it cannot be resumed", _jobId);
            EndUnstarted();
            return;
        }
        if (!_runtime.Kernels.TryGet(_admitted.Spec.Kernel, out var kernel))
        {
            _log.Error("Job {0}: cannot resume, kernel '{1}' is not registered in this process", _jobId, _admitted.Spec.Kernel);
            EndUnstarted();
            return;
        }
        // On one host nobody waits any more; after a failover, the submitter may still be there for its answer.
        _start = _sharded
            ? new JobStart(_jobId, _admitted.Spec, kernel, _admitted.Plan, _admitted.Parts, _admitted.ReportProgress, _admitted.LocalNode, null, _admitted.Detached)
            : new JobStart(_jobId, _admitted.Spec, kernel, _admitted.Plan, _admitted.Parts, false, _admitted.LocalNode, null, true);
        if (_sharded)
            _submitter = SubmitterOf(_admitted);
        var completed = _recovered.ToArray();
        _recovered.Clear();
        Begin(completed);
    }

    /// <summary>
    /// The admission goes to the journal without holding the job up: its spans are dispatched meanwhile, and their
    /// events queue behind it (the journal writes one actor's events in order). Only the acknowledgement waits, when
    /// the job gives it (<paramref name="acknowledges"/>: a detached or a sharded job): a submitter told
    /// <see cref="JobAccepted"/> may leave, so by then a restart or a failover must find the job. A write that fails
    /// stops the job before it is acknowledged, and its answer says why (see PostStop).
    /// </summary>
    private void WriteAdmission(bool acknowledges, bool awaitsIndex)
    {
        _unacknowledged = acknowledges;
        _awaitsIndex = awaitsIndex;
        PersistAsync(_admitted!, _ =>
        {
            _admissionWritten = true;
            AcknowledgeOnceRecorded();
        });
    }

    private void OnIndexed()
    {
        _awaitsIndex = false;
        if (!_answered)
            foreach (var (first, count, result) in _spansAwaitingIndex)
                PersistSpan(first, count, result);
        _spansAwaitingIndex.Clear();
        AcknowledgeOnceRecorded();
    }

    private void AcknowledgeOnceRecorded()
    {
        if (_admissionWritten && !_awaitsIndex)
            Acknowledge();
    }

    /// <summary>Once, before anything else the submitter gets from the job's actor; a job that answers first is acknowledged just before its answer.</summary>
    private void Acknowledge()
    {
        if (!_unacknowledged)
            return;
        _unacknowledged = false;
        var plan = _start!.Plan;
        _submitter.Tell(new JobAccepted(_jobId, plan.ChunkCount, plan.ChunkSize, plan.Threads, MovesOnFailover: _sharded));
    }

    /// <summary>A resumed job that will not run: the coordinator forgets it and closes it in the index.</summary>
    private void EndUnstarted()
    {
        _answered = true;
        _coordinator.Tell(new JobEnded(_jobId, "", null, 0, 0, null, null));
        Become(Ended);
        if (_sharded)
            Passivate();
    }

    /// <summary>A ledger row that cannot be read (corrupt, foreign): one error, the job is not resumed, the engine goes on.</summary>
    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _answered = true;
        _log.Error("Job {0}: its ledger in the journal cannot be read ({1}); the job is not resumed", _jobId, reason.GetBaseException().Message);
        // Not remembered any more, or sharding would start it again and again.
        if (_sharded)
            Context.Parent.Tell(new Akka.Cluster.Sharding.Passivate(PoisonPill.Instance));
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _journalError = cause.GetBaseException().Message;
        _log.Error("Job {0}: the journal could not be written ({1}); the job stops", _jobId, _journalError);
        CancelChunks();
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _journalError = cause.GetBaseException().Message;
        _log.Error("Job {0}: the journal refused its ledger entry ({1}); the job stops", _jobId, _journalError);
        CancelChunks();
        Context.Stop(Self);
    }

    /// <summary>Before the stop: the lane, a child, would hold it up while it runs a chunk.</summary>
    private void CancelChunks()
    {
        if (_run is not null)
            _runtime.Cancellations.Cancel(_run.Key);
    }

    /// <summary>
    /// One event per completed span (its chunks' folded result, never one per chunk), written without holding the
    /// job up; a span whose write had not landed at a crash is simply run again. Spans wait while the engine's
    /// index does not hold the job yet: a restart would not find a ledger the index does not name. Every few spans
    /// the ledger so far goes into one snapshot, so a recovery reads the snapshot and at most that many events.
    /// </summary>
    private void WriteSpan(long first, long count, object? result)
    {
        if (_awaitsIndex)
            _spansAwaitingIndex.Add((first, count, result));
        else
            PersistSpan(first, count, result);
    }

    private void PersistSpan(long first, long count, object? result) =>
        PersistAsync(new SpanCompleted(first, count, result), _ =>
        {
            _chunksJournaled += count;
            if (++_spansSinceSnapshot < _runtime.Settings.Journal.SnapshotEvery || _answered)
                return;
            _spansSinceSnapshot = 0;
            SaveSnapshot(new LedgerSnapshot(_admitted!, _run.Segments.Select(g => new LedgerSegment(g.First, g.End, g.Value)).ToArray()));
        });
}
