using CoCreation.Cli.Infrastructure;
using Npgsql;

namespace CoCreation.Cli.Projections;

/// <summary>
/// The daemon's <c>progression</c> table, read and written the way the daemon does (see
/// <c>ProjectionDaemon.RequestRebuildAsync</c> and <c>GetStatusAsync</c> in CoCreation.EventStore).
/// </summary>
internal static class ProgressionTable
{
    public static async Task<IReadOnlyList<ProjectionProgress>> ReadAllAsync(Database database, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand($"{Select(database.Schema)} order by p.name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ProjectionProgress>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(ReadRow(reader));
        return rows;
    }

    public static async Task<ProjectionProgress?> ReadAsync(Database database, string name, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand($"{Select(database.Schema)} where p.name = $1");
        command.Parameters.AddWithValue(name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadRow(reader) : null;
    }

    /// <summary>
    /// Sets <c>rebuild_requested</c> and notifies the store's channel, as the daemon's own request does: the
    /// leading node's loop wakes, sees the flag, and resets the projection under a new generation. Unlike the
    /// daemon, which knows its projections, this accepts only a projection some daemon has run (one with a row).
    /// Returns the progress as it stood when asked (the rebuild must pass its generation and head), or null
    /// when no projection has that name.
    /// </summary>
    public static async Task<ProjectionProgress?> RequestRebuildAsync(Database database, string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The row lock makes the generation read here the one the rebuild will bump.
        ProjectionProgress? before;
        await using (var read = new NpgsqlCommand($"{Select(database.Schema)} where p.name = $1 for update of p", connection, transaction))
        {
            read.Parameters.AddWithValue(name);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            before = await reader.ReadAsync(cancellationToken) ? ReadRow(reader) : null;
        }
        if (before is null) return null;

        await using (var request = new NpgsqlCommand(
            $"""
            with requested as (
                update {database.Schema}.progression set rebuild_requested = true where name = $1
                returning name)
            select pg_notify($2, 'rebuild') from requested
            """, connection, transaction))
        {
            request.Parameters.AddWithValue(name);
            request.Parameters.AddWithValue(database.Store.Options.NotificationChannel);
            await request.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return before;
    }

    private static string Select(string s) =>
        $"""
        select p.name, p.last_seq_id, (select coalesce(max(seq_id), 0) from {s}.events), p.generation, p.last_updated,
               (select count(*) from {s}.dead_letters d where d.projection = p.name), p.rebuild_requested
        from {s}.progression p
        """;

    private static ProjectionProgress ReadRow(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt32(3),
        reader.GetFieldValue<DateTimeOffset>(4), reader.GetInt64(5), reader.GetBoolean(6));
}
