using Npgsql;

namespace CoCreation.EventStore.Projections;

/// <summary>A projection's row in <c>progression</c>.</summary>
internal sealed record ProgressionRow(long Position, int Generation, bool RebuildRequested, DateTimeOffset LastUpdated);

/// <summary>Reads and moves projection progress.</summary>
internal static class Progression
{
    /// <summary>The projection's row, created at zero when it has none.</summary>
    public static async Task<ProgressionRow> ReadAsync(EventStore store, string name, CancellationToken cancellationToken)
    {
        // Read, else insert; a row another node inserts at the same moment is invisible to the insert's
        // own snapshot (the insert waits for it, then does nothing), so read again after it.
        while (true)
        {
            await using (var select = store.DataSource.CreateCommand(
                $"select last_seq_id, generation, rebuild_requested, last_updated from {store.Schema}.progression where name = $1"))
            {
                select.Parameters.AddWithValue(name);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    return new ProgressionRow(reader.GetInt64(0), reader.GetInt32(1), reader.GetBoolean(2), reader.GetFieldValue<DateTimeOffset>(3));
                }
            }
            await using var insert = store.DataSource.CreateCommand(
                $"insert into {store.Schema}.progression (name) values ($1) on conflict (name) do nothing");
            insert.Parameters.AddWithValue(name);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Moves progress from <paramref name="floor"/> to <paramref name="ceiling"/> inside the page's
    /// transaction; false when another writer moved it first (the page must then be rolled back).
    /// </summary>
    public static async Task<bool> MoveAsync(
        EventStore store, NpgsqlConnection connection, NpgsqlTransaction transaction, string name, long floor, long ceiling, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"update {store.Schema}.progression set last_seq_id = $3, last_updated = now() where name = $1 and last_seq_id = $2",
            connection, transaction);
        command.Parameters.AddWithValue(name);
        command.Parameters.AddWithValue(floor);
        command.Parameters.AddWithValue(ceiling);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public static async Task DeadLetterAsync(
        EventStore store, NpgsqlConnection connection, NpgsqlTransaction? transaction, string name, RecordedEvent e, Exception error, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            insert into {store.Schema}.dead_letters (projection, seq_id, event_id, event_type, error)
            select $1, $2, $3, $4, $5
            where not exists (select 1 from {store.Schema}.dead_letters where projection = $1 and seq_id = $2)
            """, connection, transaction);
        command.Parameters.AddWithValue(name);
        command.Parameters.AddWithValue(e.Sequence);
        command.Parameters.AddWithValue(e.Id);
        command.Parameters.AddWithValue(e.Type);
        command.Parameters.AddWithValue(error.ToString());
        await command.ExecuteNonQueryAsync(cancellationToken);
        EventStoreMetrics.DeadLetters.Add(1, new KeyValuePair<string, object?>("projection", name));
    }

    public static void RecordApplied(string name, IReadOnlyCollection<RecordedEvent> events, DateTimeOffset now)
    {
        if (events.Count == 0) return;
        var tag = new KeyValuePair<string, object?>("projection", name);
        EventStoreMetrics.EventsApplied.Add(events.Count, tag);
        foreach (var e in events) EventStoreMetrics.Lag.Record((now - e.Timestamp).TotalMilliseconds, tag);
    }
}
