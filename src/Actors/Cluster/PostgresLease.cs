namespace Engine.Actors.Cluster;

using System.Diagnostics;
using Akka;
using Akka.Actor;
using Akka.Coordination;
using Akka.Event;

/// <summary>
/// An Akka lease kept in PostgreSQL (<see cref="PostgresLeaseTable"/>), for the split-brain resolver's lease-majority:
/// taken with one statement when free, run out or already this owner's, renewed every <c>heartbeat-interval</c> for
/// <c>heartbeat-timeout</c> from the database's now, and released when its ActorSystem shuts down. A holder that stops
/// renewing (killed, or frozen by SIGSTOP, which a session's advisory lock would outlive) loses it once its term runs
/// out, and another can take it. The holder counts its term from before it asked, on a clock that runs on while the
/// process is frozen, so it never believes it holds a lease the database has let go.
/// </summary>
/// <remarks>Config (<c>lease-implementation</c> points at it): <c>lease-class</c>, <c>connection-string</c> (Npgsql) and Akka's lease timeouts.</remarks>
public sealed class PostgresLease : Lease
{
    /// <summary>The table of leases, created in the database when a lease starts.</summary>
    public const string TableName = PostgresLeaseTable.Name;

    private readonly PostgresLeaseTable _table;
    private readonly ILoggingAdapter _log;
    private readonly Lock _gate = new();
    // One statement at a time, each followed by what it means for the term: pooled connections could otherwise run
    // a release after an acquire issued later, leaving a holder that believes it holds a deleted row.
    private readonly SemaphoreSlim _serial = new(1, 1);
    private readonly TimeSpan _ttl;
    private Task _created;
    private Term? _term;

    public PostgresLease(LeaseSettings settings, ExtendedActorSystem system) : base(settings)
    {
        _log = Logging.GetLogger(system, typeof(PostgresLease));
        _ttl = settings.TimeoutSettings.HeartbeatTimeout;
        _table = new PostgresLeaseTable(settings.LeaseConfig.GetString("connection-string"), settings.TimeoutSettings.OperationTimeout);
        _created = _table.CreateAsync();
        _created.ContinueWith(t => _log.Warning("lease {0}: the table {1} could not be created yet (tried again when the lease is used): {2}",
            Settings.LeaseName, PostgresLeaseTable.Name, t.Exception!.GetBaseException().Message), TaskContinuationOptions.OnlyOnFaulted);
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, $"release-lease-{settings.OwnerName}", async () =>
        {
            if (CheckLease())
                await ReleaseLoggingFailure();
            return Done.Instance;
        });
        system.RegisterOnTermination(() =>
        {
            lock (_gate)
                End(_term);
            _ = _table.DisposeAsync().AsTask();
        });
    }

    public override Task<bool> Acquire() => Acquire(null!);

    public override async Task<bool> Acquire(Action<Exception> leaseLostCallback)
    {
        await _serial.WaitAsync();
        try
        {
            var asked = Stopwatch.GetTimestamp();
            bool acquired;
            try
            {
                await EnsureTableAsync();
                acquired = await _table.TryAcquireAsync(Settings.LeaseName, Settings.OwnerName, _ttl);
            }
            catch (Exception e)
            {
                throw new LeaseException($"lease {Settings.LeaseName}: could not ask PostgreSQL whether {Settings.OwnerName} may take it: {e.Message}", e);
            }
            if (acquired)
                Hold(asked, leaseLostCallback);
            else if (Current() is { } held)
                Lose(held, new LeaseException($"lease {Settings.LeaseName}: another owner holds it, not {Settings.OwnerName}"));
            return acquired;
        }
        finally
        {
            _serial.Release();
        }
    }

    /// <summary>True once this owner certainly no longer holds the lease (freed, or it was not its own).</summary>
    public override async Task<bool> Release()
    {
        await _serial.WaitAsync();
        try
        {
            // Not held from here on, whatever the statement does: a caller releasing must not count on the lease.
            lock (_gate)
                End(_term);
            await EnsureTableAsync();
            await _table.ReleaseAsync(Settings.LeaseName, Settings.OwnerName);
            return true;
        }
        catch (Exception e)
        {
            throw new LeaseException($"lease {Settings.LeaseName}: could not release it for {Settings.OwnerName}: {e.Message}", e);
        }
        finally
        {
            _serial.Release();
        }
    }

    public override bool CheckLease() => Current() is not null;

    /// <summary>The term this owner holds now: taken, and not yet past its end.</summary>
    private Term? Current()
    {
        lock (_gate)
            return _term is { } term && Stopwatch.GetTimestamp() < term.ValidUntil ? term : null;
    }

    private void Hold(long asked, Action<Exception>? lost)
    {
        lock (_gate)
        {
            if (_term is { } held)
            {
                held.ValidUntil = Math.Max(held.ValidUntil, asked + Ticks(_ttl));
                held.Lost = lost ?? held.Lost;
                return;
            }
            _term = new Term(asked + Ticks(_ttl), lost);
        }
        _ = RenewAsync(_term);
    }

    /// <summary>Renews <paramref name="term"/> until it is released, lost or its ActorSystem stops.</summary>
    private async Task RenewAsync(Term term)
    {
        using var timer = new PeriodicTimer(Settings.TimeoutSettings.HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(term.Stop.Token))
            {
                await _serial.WaitAsync(term.Stop.Token);
                try
                {
                    if (term.Stop.IsCancellationRequested)
                        return;
                    var asked = Stopwatch.GetTimestamp();
                    if (!await _table.RenewAsync(Settings.LeaseName, Settings.OwnerName, _ttl))
                    {
                        Lose(term, new LeaseException($"lease {Settings.LeaseName}: {Settings.OwnerName} no longer holds it (its term ran out, and it may be another's)"));
                        return;
                    }
                    lock (_gate)
                        term.ValidUntil = asked + Ticks(_ttl);
                }
                catch (Exception e) when (e is not OperationCanceledException || !term.Stop.IsCancellationRequested)
                {
                    if (Stopwatch.GetTimestamp() >= term.ValidUntil)
                    {
                        Lose(term, new LeaseException($"lease {Settings.LeaseName}: {Settings.OwnerName} could not renew it before its term ran out: {e.Message}", e));
                        return;
                    }
                    _log.Warning("lease {0}: renewal failed, tried again in {1}: {2}", Settings.LeaseName, Settings.TimeoutSettings.HeartbeatInterval, e.Message);
                }
                finally
                {
                    _serial.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Released, lost or stopped: nothing more to renew.
        }
    }

    private void Lose(Term term, LeaseException why)
    {
        lock (_gate)
        {
            if (_term != term)
                return;
            End(term);
        }
        _log.Warning("{0}", why.Message);
        // Off the statement's turn: a callback that asks the lease again must not wait for itself.
        if (term.Lost is { } lost)
            _ = Task.Run(() => lost(why));
    }

    /// <summary>Ends <paramref name="term"/> if it is the current one; called under the gate.</summary>
    private void End(Term? term)
    {
        if (term is null || _term != term)
            return;
        _term = null;
        term.Stop.Cancel();
    }

    private async Task EnsureTableAsync()
    {
        Task created;
        lock (_gate)
            created = _created.IsFaulted ? _created = _table.CreateAsync() : _created;
        await created;
    }

    private async Task ReleaseLoggingFailure()
    {
        try
        {
            await Release();
        }
        catch (LeaseException e)
        {
            _log.Warning("{0} (it runs out by itself within {1})", e.Message, _ttl);
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private sealed class Term(long validUntil, Action<Exception>? lost)
    {
        public long ValidUntil { get; set; } = validUntil;
        public Action<Exception>? Lost { get; set; } = lost;
        public CancellationTokenSource Stop { get; } = new();
    }
}
