using Microsoft.Extensions.Logging;
using Npgsql;

namespace CoCreation.EventStore;

/// <summary>A page of the log delivered by an <see cref="EventFeed"/>.</summary>
/// <param name="Events">Events in sequence order, none delivered before by this feed.</param>
/// <param name="Position">The feed's position after this page: every event at or below it has been delivered or is known never to exist.</param>
/// <param name="WaitingOnGap">True when the page stopped at a sequence number whose transaction may still commit.</param>
public sealed record EventPage(IReadOnlyList<RecordedEvent> Events, long Position, bool WaitingOnGap);

/// <summary>
/// Gap-safe forward reader of the whole log. Not thread-safe: one reader per feed.
/// </summary>
/// <remarks>
/// <para>
/// Sequence numbers are taken outside transactional control, so the log has holes: numbers whose
/// transaction is still running (and may commit later) and numbers whose transaction rolled back
/// (and never will). Every appending transaction takes its transaction id before any sequence number.
/// </para>
/// <para>
/// When a read sees a hole below a visible event, any transaction that could still fill it took its id
/// before the hole's number, which was taken before the visible event committed, hence before the read's
/// snapshot. The feed then takes a fresh transaction id, the horizon, which is above all of those, and
/// waits. Once a later read's snapshot has <c>xmin</c> at or above the horizon, every such transaction has
/// finished and is visible; holes up to the highest sequence the first read saw that are still empty will
/// stay empty, and the feed steps over them. Nothing is skipped on a timer, so a slow transaction is never
/// lost. (The snapshot's own <c>xmax</c> is not a safe horizon: it is one past the latest completed
/// transaction, and a transaction that took its id later than the visible writer may sit above it.)
/// </para>
/// </remarks>
public sealed class EventFeed
{
    private readonly EventStore _store;
    private readonly ILogger<EventFeed> _logger;
    private readonly string _sql;

    // The unresolved gap horizon: holes at or below _gapUpTo may be filled only by transactions with ids
    // below _horizonXid. Zero when the feed is not waiting on a gap.
    private long _gapUpTo;
    private long _horizonXid;

    internal EventFeed(EventStore store, long afterSequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        _store = store;
        _logger = store.LoggerFactory.CreateLogger<EventFeed>();
        Position = afterSequence;
        // One statement, hence one snapshot, for both the events and the snapshot bounds.
        _sql = $"""
            select e.*, x.xmin
            from (select pg_snapshot_xmin(pg_current_snapshot())::text::bigint as xmin) x
            left join lateral (
                select {EventStore.EventColumns} from {store.Schema}.events
                where seq_id > $1 order by seq_id limit $2) e on true
            order by e.seq_id
            """;
    }

    /// <summary>The last sequence delivered (or proven never to exist).</summary>
    public long Position { get; private set; }

    /// <summary>Reads up to <paramref name="maxCount"/> events after <see cref="Position"/> that are safe to deliver.</summary>
    /// <exception cref="EventStoreUnavailableException">PostgreSQL is unavailable; the position is unchanged.</exception>
    public async Task<EventPage> ReadNextAsync(int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        var rows = new List<RecordedEvent>();
        long xmin = 0;
        try
        {
            await using var command = _store.DataSource.CreateCommand(_sql);
            command.Parameters.AddWithValue(Position);
            command.Parameters.AddWithValue((long)maxCount);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                xmin = reader.GetInt64(10);
                if (!reader.IsDBNull(0)) rows.Add(_store.ReadEvent(reader));
            }
        }
        catch (Exception e) when (EventStore.IsTransient(e))
        {
            throw EventStore.Unavailable(e);
        }

        var page = Deliver(rows, xmin, out var newHole);
        if (newHole) await TakeHorizonAsync(rows[^1].Sequence, cancellationToken);
        return page;
    }

    private async Task TakeHorizonAsync(long gapUpTo, CancellationToken cancellationToken)
    {
        try
        {
            // Taken after the read's snapshot, so above every transaction id that could fill the hole.
            await using var probe = _store.DataSource.CreateCommand("select pg_current_xact_id()::text::bigint");
            _horizonXid = (long)(await probe.ExecuteScalarAsync(cancellationToken))!;
            _gapUpTo = gapUpTo;
            _logger.LogDebug("Feed waits on sequence {Gap} of schema {Schema} (horizon xid {Xid})", Position + 1, _store.Schema, _horizonXid);
        }
        catch (Exception e) when (EventStore.IsTransient(e) || e is OperationCanceledException)
        {
            // The page is delivered regardless; the next read sights the hole again and retries.
            _logger.LogDebug(e, "Feed could not take a gap horizon");
        }
    }

    private EventPage Deliver(List<RecordedEvent> rows, long xmin, out bool newHole)
    {
        // Every transaction that could fill a hole at or below the horizon has finished and is visible to
        // this snapshot once xmin reaches the horizon: what is still missing there never will exist.
        var deadUpTo = _gapUpTo > 0 && xmin >= _horizonXid ? _gapUpTo : 0;
        newHole = false;

        var delivered = new List<RecordedEvent>(rows.Count);
        var waiting = false;
        foreach (var row in rows)
        {
            if (row.Sequence <= Position) continue;
            if (row.Sequence > Position + 1 && Position + 1 <= deadUpTo)
            {
                var to = Math.Min(row.Sequence - 1, deadUpTo);
                _logger.LogInformation(
                    "Feed skipped sequences {From}..{To} of schema {Schema}: no transaction that could commit them is left",
                    Position + 1, to, _store.Schema);
                EventStoreMetrics.GapsSkipped.Add(to - Position);
                Position = to;
            }
            if (row.Sequence != Position + 1)
            {
                waiting = true;
                if (_gapUpTo < row.Sequence)
                {
                    // A new hole: what the current horizon proves does not reach it.
                    _gapUpTo = 0;
                    newHole = true;
                }
                break;
            }
            delivered.Add(row);
            Position = row.Sequence;
        }
        if (_gapUpTo <= Position) _gapUpTo = 0;
        return new EventPage(delivered, Position, waiting);
    }
}
