using Npgsql;

namespace CoCreation.EventStore.Projections;

/// <summary>A projection's row in <c>progression</c>, with the log's head.</summary>
/// <param name="Name">The projection.</param>
/// <param name="Position">Last sequence committed as applied (for a live projection: its latest snapshot; nodes hold newer positions in memory).</param>
/// <param name="Head">Highest committed sequence in the log.</param>
/// <param name="Generation">Bumped by every rebuild.</param>
/// <param name="LastUpdated">When the row last moved.</param>
/// <param name="DeadLetters">Events the projection failed on and stepped over.</param>
/// <param name="RebuildRequested">A rebuild waits for the leading node.</param>
public sealed record ProjectionProgress(string Name, long Position, long Head, int Generation, DateTimeOffset LastUpdated, long DeadLetters, bool RebuildRequested)
{
    /// <summary>How many sequence numbers the row is behind the head.</summary>
    public long Lag => Math.Max(0, Head - Position);
}

/// <summary>
/// Projection administration that needs no running daemon (command-line tools, any node): read progress,
/// request a rebuild that the node leading the projection carries out.
/// </summary>
public static class ProjectionAdmin
{
    /// <summary>Every projection that has a progression row, by name.</summary>
    public static async Task<IReadOnlyList<ProjectionProgress>> ReadProgressAsync(EventStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var command = store.DataSource.CreateCommand($"{Select(store.Schema)} order by p.name");
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>One projection's progress, or null when it has no row yet.</summary>
    public static async Task<ProjectionProgress?> ReadProgressAsync(EventStore store, string projection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var command = store.DataSource.CreateCommand($"{Select(store.Schema)} where p.name = $1");
        command.Parameters.AddWithValue(projection);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>
    /// Flags <paramref name="projection"/> for a rebuild and wakes the listeners: the node leading it resets it
    /// under a new generation on its next iteration. Returns the progress as it stood when asked (a rebuild is
    /// done once the generation passed it and the position reached its head), or null when the projection has
    /// no row and <paramref name="createIfMissing"/> is false.
    /// </summary>
    public static async Task<ProjectionProgress?> RequestRebuildAsync(EventStore store, string projection, bool createIfMissing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (createIfMissing)
            {
                await using var create = new NpgsqlCommand(
                    $"insert into {store.Schema}.progression (name) values ($1) on conflict (name) do nothing", connection, transaction);
                create.Parameters.AddWithValue(projection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            // The row lock makes the generation read here the one the rebuild will bump.
            ProjectionProgress? before;
            await using (var read = new NpgsqlCommand($"{Select(store.Schema)} where p.name = $1 for update of p", connection, transaction))
            {
                read.Parameters.AddWithValue(projection);
                before = (await ReadAllAsync(read, cancellationToken)).SingleOrDefault();
            }
            if (before is null) return null;

            // A rare admin transaction may notify from inside: the notify lock it holds through commit costs nothing here.
            await using (var request = new NpgsqlCommand(
                $"with requested as (update {store.Schema}.progression set rebuild_requested = true where name = $1 returning name) select pg_notify($2, 'rebuild') from requested",
                connection, transaction))
            {
                request.Parameters.AddWithValue(projection);
                request.Parameters.AddWithValue(store.Options.NotificationChannel);
                await request.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            return before;
        }
        catch (Exception e) when (EventStore.IsTransient(e))
        {
            throw EventStore.Unavailable(e);
        }
    }

    private static string Select(string s) =>
        $"""
        select p.name, p.last_seq_id, (select coalesce(max(seq_id), 0) from {s}.events), p.generation, p.last_updated,
               (select count(*) from {s}.dead_letters d where d.projection = p.name), p.rebuild_requested
        from {s}.progression p
        """;

    private static async Task<List<ProjectionProgress>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<ProjectionProgress>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new ProjectionProgress(
                    reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt32(3),
                    reader.GetFieldValue<DateTimeOffset>(4), reader.GetInt64(5), reader.GetBoolean(6)));
            }
            return rows;
        }
        catch (Exception e) when (EventStore.IsTransient(e))
        {
            throw EventStore.Unavailable(e);
        }
    }
}
