namespace Engine.Actors.Persistence;

using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

/// <summary>
/// Which journalled jobs are still open, so a restarted engine knows what to resume without scanning the
/// journal. Written when a job is admitted and when it answers; snapshotted, so its recovery stays short.
/// </summary>
internal sealed class JobIndex : ReceivePersistentActor
{
    /// <summary>Asks for the open jobs (answered with <see cref="OpenJobs"/> once the index is recovered).</summary>
    public sealed record GetOpenJobs
    {
        public static readonly GetOpenJobs Instance = new();
    }

    public sealed record OpenJobs(IReadOnlyList<JobOpened> Jobs);

    /// <summary>To the sender of a <see cref="JobOpened"/> (the job's actor) once the index holds it: a restart would resume it.</summary>
    public sealed record Indexed(string JobId);

    private const int SnapshotEvery = 200;
    private readonly Dictionary<string, JobOpened> _open = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private int _sinceSnapshot;

    public JobIndex()
    {
        JournalPluginId = EngineJournal.JournalId;
        SnapshotPluginId = EngineJournal.SnapshotStoreId;
        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is not IndexSnapshot snapshot)
                throw new InvalidDataException($"the job index's snapshot is a {offer.Snapshot?.GetType().Name ?? "null"}, not an IndexSnapshot");
            foreach (var job in snapshot.Open)
                _open[job.JobId] = job;
        });
        Recover<JobOpened>(o => _open[o.JobId] = o);
        Recover<JobClosed>(c => _open.Remove(c.JobId));
        Command<JobOpened>(o => Persist(o, opened =>
        {
            Apply(opened);
            Sender.Tell(new Indexed(opened.JobId));
        }));
        Command<JobClosed>(c =>
        {
            if (_open.ContainsKey(c.JobId))
                Persist(c, Apply);
        });
        Command<GetOpenJobs>(_ => Sender.Tell(new OpenJobs(_open.Values.OrderBy(j => j.JobId, StringComparer.Ordinal).ToArray())));
        Command<SaveSnapshotSuccess>(_ => { });
        Command<SaveSnapshotFailure>(f => _log.Warning("Job index: snapshot not saved: {0}", f.Cause.Message));
    }

    public override string PersistenceId => "engine-job-index";

    public static Props Props() => Akka.Actor.Props.Create(() => new JobIndex()).WithDispatcher(WorkEngine.ControlDispatcherId);

    private void Apply(object entry)
    {
        if (entry is JobOpened opened)
            _open[opened.JobId] = opened;
        else if (entry is JobClosed closed)
            _open.Remove(closed.JobId);
        if (++_sinceSnapshot < SnapshotEvery)
            return;
        _sinceSnapshot = 0;
        SaveSnapshot(new IndexSnapshot(_open.Values.ToArray()));
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null) =>
        _log.Error("The job index in the journal cannot be read ({0}); unfinished jobs are not resumed", reason.GetBaseException().Message);
}
