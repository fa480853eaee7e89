using Microsoft.Extensions.Logging;
using Npgsql;

namespace CoCreation.EventStore.Projections;

/// <summary>
/// Runs one <see cref="DocumentProjection"/> while this node holds its lease: read a page from the feed,
/// apply it and move progress in one transaction, repeat. A standby retries the lease periodically.
/// </summary>
internal sealed class DocumentProjectionRunner(DaemonContext context, DocumentProjection projection) : IProjectionRunner
{
    private readonly ILogger _logger = context.LoggerFactory.CreateLogger<DocumentProjectionRunner>();
    private readonly long _key = context.LeaseKey(projection.Name);
    private volatile bool _active;

    public string Name => projection.Name;

    public ProjectionKind Kind => ProjectionKind.Document;

    public bool IsActive => _active;

    private EventStore Store => context.Store;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (!await context.Leases.TryAcquireAsync(_key, cancellationToken))
                {
                    await Task.Delay(context.Options.StandbyRetryInterval, cancellationToken);
                    continue;
                }
                _active = true;
                _logger.LogInformation("Projection {Projection} is active on this node", Name);
                if (!await LeadAsync(cancellationToken))
                {
                    await context.Leases.ReleaseAsync(_key, cancellationToken);
                }
            }
            catch (Exception e) when (DaemonContext.IsStop(e, cancellationToken))
            {
                return;
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Projection {Projection} failed; retrying", Name);
                await Task.Delay(context.Options.RetryDelay, cancellationToken);
            }
            finally
            {
                _active = false;
            }
        }
    }

    /// <summary>Processes pages while the lease holds; false when another writer moved the progress.</summary>
    /// <remarks>
    /// A page without an event the projection handles changes no document, so its progress is written at most
    /// once a poll interval, and when the loop goes idle, rather than in a transaction (and a WAL flush) per page:
    /// after a crash the projection reads those events again and again handles none of them.
    /// </remarks>
    private async Task<bool> LeadAsync(CancellationToken cancellationToken)
    {
        var row = await Progression.ReadAsync(Store, Name, cancellationToken);
        var checkedAt = Environment.TickCount64;
        var committed = row.Position;
        var committedAt = Environment.TickCount64;
        var feed = context.Feed.Subscribe(committed);
        while (context.Leases.IsHeld(_key))
        {
            var changed = context.Changes.Next;
            if (Environment.TickCount64 - checkedAt >= context.Options.IdlePollInterval.TotalMilliseconds)
            {
                row = await Progression.ReadAsync(Store, Name, cancellationToken);
                checkedAt = Environment.TickCount64;
                if (row.Position != committed)
                {
                    _logger.LogWarning(
                        "Projection {Projection} progress moved to {Position} behind this node's back (expected {Expected}); standing down",
                        Name, row.Position, committed);
                    return false;
                }
                if (row.RebuildRequested)
                {
                    if (!await RebuildAsync(committed, cancellationToken)) return false;
                    committed = 0;
                    feed = context.Feed.Subscribe(0);
                    continue;
                }
            }

            var page = await feed.ReadNextAsync(context.Options.PageSize, cancellationToken);
            var idle = page.Events.Count == 0;
            if (page.Position > committed
                && (page.Events.Any(projection.Handles) || idle || Environment.TickCount64 - committedAt >= context.Options.IdlePollInterval.TotalMilliseconds))
            {
                if (!await ApplyPageAsync(committed, page, cancellationToken)) return false;
                committed = page.Position;
                committedAt = Environment.TickCount64;
            }
            if (idle)
            {
                var interval = page.WaitingOnGap ? context.Options.GapPollInterval : context.Options.IdlePollInterval;
                await context.IdleAsync(changed, interval, cancellationToken);
            }
        }
        _logger.LogWarning("Projection {Projection} lost its lease; standing down", Name);
        return true;
    }

    private async Task<bool> ApplyPageAsync(long floor, EventPage page, CancellationToken cancellationToken)
    {
        var handled = page.Events.Where(projection.Handles).ToList();
        try
        {
            await using var connection = await Store.DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var session = new DocumentSession(Store, connection, transaction, Name);
            foreach (var e in handled)
            {
                session.Sequence = e.Sequence;
                await projection.ApplyAsync(session, e, cancellationToken);
            }
            await session.FlushAsync(cancellationToken);
            if (!await Progression.MoveAsync(Store, connection, transaction, Name, floor, page.Position, cancellationToken)) return false;
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (!DaemonContext.IsStop(e, cancellationToken) && !EventStore.IsTransient(e))
        {
            _logger.LogWarning(e, "Projection {Projection} failed on the page {From}..{To}; retrying it event by event", Name, floor + 1, page.Position);
            return await ApplyOneByOneAsync(floor, page, handled, cancellationToken);
        }
        Applied(handled);
        return true;
    }

    /// <summary>Applies each event in its own transaction; an event whose handler fails is dead-lettered and stepped over.</summary>
    private async Task<bool> ApplyOneByOneAsync(long floor, EventPage page, List<RecordedEvent> handled, CancellationToken cancellationToken)
    {
        var position = floor;
        foreach (var e in handled)
        {
            await using var connection = await Store.DataSource.OpenConnectionAsync(cancellationToken);
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                var session = new DocumentSession(Store, connection, transaction, Name) { Sequence = e.Sequence };
                await projection.ApplyAsync(session, e, cancellationToken);
                await session.FlushAsync(cancellationToken);
            }
            catch (Exception error) when (!DaemonContext.IsStop(error, cancellationToken) && !EventStore.IsTransient(error))
            {
                await transaction.RollbackAsync(cancellationToken);
                await transaction.DisposeAsync();
                _logger.LogError(error, "Projection {Projection} dead-lettered event {Sequence} ({Type}) and goes on", Name, e.Sequence, e.Type);
                transaction = await connection.BeginTransactionAsync(cancellationToken);
                await Progression.DeadLetterAsync(Store, connection, transaction, Name, e, error, cancellationToken);
            }
            await using (transaction)
            {
                if (!await Progression.MoveAsync(Store, connection, transaction, Name, position, e.Sequence, cancellationToken)) return false;
                await transaction.CommitAsync(cancellationToken);
            }
            position = e.Sequence;
            Applied([e]);
        }
        if (position < page.Position)
        {
            await using var connection = await Store.DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (!await Progression.MoveAsync(Store, connection, transaction, Name, position, page.Position, cancellationToken)) return false;
            await transaction.CommitAsync(cancellationToken);
        }
        return true;
    }

    /// <summary>Deletes the projection's documents and dead letters, resets progress and bumps the generation, in one transaction.</summary>
    private async Task<bool> RebuildAsync(long floor, CancellationToken cancellationToken)
    {
        await using var connection = await Store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var reset = new NpgsqlCommand(
            $"""
            update {Store.Schema}.progression
            set last_seq_id = 0, generation = generation + 1, rebuild_requested = false, last_updated = now()
            where name = $1 and last_seq_id = $2
            """, connection, transaction))
        {
            reset.Parameters.AddWithValue(Name);
            reset.Parameters.AddWithValue(floor);
            if (await reset.ExecuteNonQueryAsync(cancellationToken) != 1) return false;
        }
        await using (var delete = new NpgsqlCommand(
            $"""
            with documents as (delete from {Store.Schema}.documents where projection = $1)
            delete from {Store.Schema}.dead_letters where projection = $1
            """, connection, transaction))
        {
            delete.Parameters.AddWithValue(Name);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        _logger.LogInformation("Projection {Projection} is rebuilding from the start of the log", Name);
        return true;
    }

    private void Applied(IReadOnlyCollection<RecordedEvent> events)
    {
        Progression.RecordApplied(Name, events, DateTimeOffset.UtcNow);
        context.Progress.Pulse();
    }
}
