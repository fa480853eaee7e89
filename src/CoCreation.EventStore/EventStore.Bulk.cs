using System.Runtime.InteropServices;
using Npgsql;
using NpgsqlTypes;

namespace CoCreation.EventStore;

public sealed partial class EventStore
{
    /// <summary>
    /// Imports events through binary COPY, one transaction per chunk. Events with an idempotency key
    /// that is already stored are skipped, so a failed or repeated import can simply be run again.
    /// </summary>
    /// <param name="events">The events, streamed: only one chunk is held in memory.</param>
    /// <param name="chunkSize">Events per transaction.</param>
    /// <param name="progress">Receives the number of events handled so far after each chunk.</param>
    /// <param name="cancellationToken">Stops after the current chunk's transaction is rolled back.</param>
    public async Task<BulkAppendResult> BulkAppendAsync(
        IEnumerable<BulkEvent> events, int chunkSize = 50_000, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        long appended = 0, skipped = 0, last = 0, handled = 0;
        foreach (var chunk in events.Chunk(chunkSize))
        {
            var (written, skippedHere, lastHere) = await WithRetryOnKeyRace(() => BulkAppendChunkAsync(chunk, cancellationToken));
            appended += written;
            skipped += skippedHere;
            last = Math.Max(last, lastHere);
            handled += chunk.Length;
            progress?.Report(handled);
        }
        return new BulkAppendResult(appended, skipped, last);
    }

    /// <summary>
    /// The fingerprints stored with those of <paramref name="keys"/> that are stored, in one round trip: after a bulk
    /// append, a key whose stored fingerprint is not the one sent was taken by another request, and its event skipped.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> ReadFingerprintsAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        if (keys.Count == 0) return stored;
        // Joined on unnest, as in LockStreamsForBulkAsync: "key = any($1)" scans millions of keys with a big array.
        await using var command = DataSource.CreateCommand(
            $"select k.key, k.fingerprint from unnest($1::text[]) as u(key) join {Schema}.idempotency_keys k on k.key = u.key");
        command.Parameters.Add(new NpgsqlParameter { Value = keys.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) stored[reader.GetString(0)] = reader.GetString(1);
        }
        catch (Exception e) when (IsTransient(e))
        {
            throw Unavailable(e);
        }
        return stored;
    }

    private static async Task<T> WithRetryOnKeyRace<T>(Func<Task<T>> action)
    {
        for (int deadlocks = 0, rounds = 0; ; )
        {
            try
            {
                return await action();
            }
            catch (PostgresException e) when (GroupCommitWriter.IsStoredFirst(e) && ++rounds < GroupCommitWriter.MaxRounds)
            {
                // A key or new stream another transaction stored after this chunk looked: the chunk rolled back whole;
                // running it again skips what the other wrote. Each round retires one of the chunk's keys or streams.
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected && ++deadlocks < 3)
            {
                // Streams and keys are locked in the writers' order, so this is a last resort: run the chunk again.
            }
            catch (Exception e) when (IsTransient(e))
            {
                throw Unavailable(e);
            }
        }
    }

    private async Task<(long Written, long Skipped, long Last)> BulkAppendChunkAsync(BulkEvent[] chunk, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var xid = new NpgsqlCommand("select pg_current_xact_id()", connection, transaction))
        {
            await xid.ExecuteNonQueryAsync(cancellationToken);
        }

        var timestamp = Time.GetUtcNow();
        var rows = await SkipStoredKeysAsync(connection, transaction, chunk, timestamp, cancellationToken);
        if (rows.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return (0, chunk.Length, 0);
        }

        var versions = await LockStreamsForBulkAsync(connection, transaction, rows, cancellationToken);
        var sequences = await ReserveSequencesAsync(connection, transaction, rows.Count, cancellationToken);

        var eventVersions = new long[rows.Count];
        // The rows are written synchronously: the importer buffers them and only flushes to the socket when
        // its buffer fills, so per-field async calls would cost far more than the blocking they avoid.
        await using (var importer = await connection.BeginBinaryImportAsync(
            $"copy {Schema}.events (seq_id, id, stream_id, version, type, data, timestamp, actor) from stdin (format binary)", cancellationToken))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (row, serialized, _) = rows[i];
                eventVersions[i] = ++CollectionsMarshal.GetValueRefOrNullRef(versions, row.StreamId).Version;
                importer.StartRow();
                importer.Write(sequences[i], NpgsqlDbType.Bigint);
                importer.Write(serialized.Id, NpgsqlDbType.Uuid);
                importer.Write(row.StreamId, NpgsqlDbType.Text);
                importer.Write(eventVersions[i], NpgsqlDbType.Bigint);
                importer.Write(serialized.Type, NpgsqlDbType.Text);
                importer.Write(serialized.Data, NpgsqlDbType.Jsonb);
                importer.Write(timestamp, NpgsqlDbType.TimestampTz);
                if (row.Actor is null) importer.WriteNull();
                else importer.Write(row.Actor, NpgsqlDbType.Text);
            }
            await importer.CompleteAsync(cancellationToken);
        }

        // Keys with their results, by COPY too: a plain insert, so a key a concurrent transaction stored after this
        // chunk looked fails the chunk (it then runs again and skips it) instead of counting the answer twice.
        var keyed = Enumerable.Range(0, rows.Count).Where(i => rows[i].Fingerprint is not null)
            .OrderBy(i => rows[i].Row.IdempotencyKey, StringComparer.Ordinal).ToArray();
        if (keyed.Length > 0)
        {
            await using var importer = await connection.BeginBinaryImportAsync(
                $"copy {Schema}.idempotency_keys (key, fingerprint, stream_id, stream_version, first_seq, last_seq, first_event_id) from stdin (format binary)",
                cancellationToken);
            foreach (var i in keyed)
            {
                var (row, serialized, fingerprint) = rows[i];
                importer.StartRow();
                importer.Write(row.IdempotencyKey!, NpgsqlDbType.Text);
                importer.Write(fingerprint!, NpgsqlDbType.Text);
                importer.Write(row.StreamId, NpgsqlDbType.Text);
                importer.Write(eventVersions[i], NpgsqlDbType.Bigint);
                importer.Write(sequences[i], NpgsqlDbType.Bigint);
                importer.Write(sequences[i], NpgsqlDbType.Bigint);
                importer.Write(serialized.Id, NpgsqlDbType.Uuid);
            }
            await importer.CompleteAsync(cancellationToken);
        }

        // Each stream written once: created at its final version, or moved there.
        var streams = versions.OrderBy(v => v.Key, StringComparer.Ordinal).ToArray();
        await using (var move = new NpgsqlCommand(
            $"""
            insert into {Schema}.streams (id, type, version, updated)
            select id, type, version, $4 from unnest($1::text[], $2::text[], $3::bigint[]) as u(id, type, version)
            on conflict (id) do update set version = excluded.version, updated = excluded.updated
            """, connection, transaction))
        {
            move.Parameters.Add(new NpgsqlParameter { Value = streams.Select(s => s.Key).ToArray() });
            move.Parameters.Add(new NpgsqlParameter { Value = streams.Select(s => s.Value.Type).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            move.Parameters.Add(new NpgsqlParameter { Value = streams.Select(s => s.Value.Version).ToArray() });
            move.Parameters.Add(new NpgsqlParameter { Value = timestamp });
            await move.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        Notifier.Committed(sequences[^1]);
        EventStoreMetrics.EventsAppended.Add(rows.Count);
        return (rows.Count, chunk.Length - rows.Count, sequences[^1]);
    }

    /// <summary>
    /// Serializes the chunk, skipping events whose key is stored already or repeats within the chunk, with the
    /// fingerprint each remaining keyed event will store.
    /// </summary>
    private async Task<List<(BulkEvent Row, SerializedEvent Event, string? Fingerprint)>> SkipStoredKeysAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, BulkEvent[] chunk, DateTimeOffset timestamp, CancellationToken cancellationToken)
    {
        var rows = new List<(BulkEvent Row, SerializedEvent Event, string? Fingerprint)>(chunk.Length);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in chunk)
        {
            ArgumentException.ThrowIfNullOrEmpty(e.StreamId);
            ArgumentNullException.ThrowIfNull(e.Data);
            if (e.IdempotencyKey is { } key && !keys.Add(key)) continue;
            var serialized = new SerializedEvent(Guid.CreateVersion7(timestamp), Options.Events.NameOf(e.Data.GetType()), Serialize(e.Data));
            // By default the fingerprint an append of this one event would get, so a later replay of it matches.
            var fingerprint = e.IdempotencyKey is null ? null : e.Fingerprint ?? PendingAppend.FingerprintOf(e.StreamId, [serialized]);
            rows.Add((e, serialized, fingerprint));
        }
        if (keys.Count == 0) return rows;

        // Joined on unnest: "key = any($1)" scans millions of keys with a big array.
        await using var command = new NpgsqlCommand(
            $"select k.key from unnest($1::text[]) as u(key) join {Schema}.idempotency_keys k on k.key = u.key", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = keys.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        var stored = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) stored.Add(reader.GetString(0));
        }
        if (stored.Count > 0) rows.RemoveAll(r => r.Row.IdempotencyKey is { } key && stored.Contains(key));
        return rows;
    }

    /// <summary>Locks the rows of the chunk's streams that exist, in sorted order; the others start at version 0.</summary>
    private async Task<Dictionary<string, (string? Type, long Version)>> LockStreamsForBulkAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<(BulkEvent Row, SerializedEvent Event, string? Fingerprint)> rows,
        CancellationToken cancellationToken)
    {
        var versions = new Dictionary<string, (string? Type, long Version)>(StringComparer.Ordinal);
        foreach (var (row, _, _) in rows) versions.TryAdd(row.StreamId, (row.StreamType, 0));
        var ids = versions.Keys.Order(StringComparer.Ordinal).ToArray();

        // A join on unnest, not "id = any($1)": against millions of streams the planner tested every row against the
        // chunk's whole array (a 50,000-row import chunk ran past the command timeout).
        await using var command = new NpgsqlCommand(
            $"select s.id, s.version from unnest($1::text[]) as u(id) join {Schema}.streams s on s.id = u.id order by s.id collate \"C\" for update of s",
            connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(0);
            versions[id] = (versions[id].Type, reader.GetInt64(1));
        }
        return versions;
    }

    /// <summary>Takes <paramref name="count"/> sequence numbers, in increasing order (none when count is 0).</summary>
    internal async Task<long[]> ReserveSequencesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int count, CancellationToken cancellationToken)
    {
        if (count == 0) return [];
        await using var command = new NpgsqlCommand($"select nextval('{Schema}.events_seq') from generate_series(1, $1)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = count });
        var sequences = new long[count];
        var i = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) sequences[i++] = reader.GetInt64(0);
        }
        Array.Sort(sequences);
        return sequences;
    }
}
