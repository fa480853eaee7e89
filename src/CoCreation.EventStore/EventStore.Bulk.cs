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
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action();
            }
            catch (PostgresException e) when (attempt < 3 && e.SqlState is PostgresErrorCodes.DeadlockDetected)
            {
                // Keys and streams are locked in the writers' order, so this is a last resort: the chunk
                // rolled back whole; running it again skips what others wrote meanwhile.
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
        var rows = await ClaimKeysAsync(connection, transaction, chunk, timestamp, cancellationToken);
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
                var (row, serialized) = rows[i];
                eventVersions[i] = versions[row.StreamId] += 1;
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

        await using (var move = new NpgsqlCommand(
            $"update {Schema}.streams s set version = u.version, updated = $3 from unnest($1::text[], $2::bigint[]) as u(id, version) where s.id = u.id",
            connection, transaction))
        {
            move.Parameters.Add(new NpgsqlParameter { Value = versions.Keys.ToArray() });
            move.Parameters.Add(new NpgsqlParameter { Value = versions.Values.ToArray() });
            move.Parameters.Add(new NpgsqlParameter { Value = timestamp });
            await move.ExecuteNonQueryAsync(cancellationToken);
        }

        var keyed = Enumerable.Range(0, rows.Count).Where(i => rows[i].Row.IdempotencyKey is not null).ToArray();
        if (keyed.Length > 0)
        {
            await using var record = new NpgsqlCommand(
                $"""
                update {Schema}.idempotency_keys k
                set stream_id = u.stream_id, stream_version = u.version, first_seq = u.seq, last_seq = u.seq, first_event_id = u.id
                from unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::uuid[]) as u(key, stream_id, version, seq, id)
                where k.key = u.key
                """, connection, transaction);
            record.Parameters.Add(new NpgsqlParameter { Value = keyed.Select(i => rows[i].Row.IdempotencyKey!).ToArray() });
            record.Parameters.Add(new NpgsqlParameter { Value = keyed.Select(i => rows[i].Row.StreamId).ToArray() });
            record.Parameters.Add(new NpgsqlParameter { Value = keyed.Select(i => eventVersions[i]).ToArray() });
            record.Parameters.Add(new NpgsqlParameter { Value = keyed.Select(i => sequences[i]).ToArray() });
            record.Parameters.Add(new NpgsqlParameter { Value = keyed.Select(i => rows[i].Event.Id).ToArray() });
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        Notifier.Committed(sequences[^1]);
        EventStoreMetrics.EventsAppended.Add(rows.Count);
        return (rows.Count, chunk.Length - rows.Count, sequences[^1]);
    }

    /// <summary>
    /// Serializes the chunk and claims its idempotency keys, skipping events whose key is stored already or
    /// repeats within the chunk. Keys are claimed before any stream is locked, in the order the group-commit
    /// writer uses too: an import storing its keys after locking streams deadlocked with appends of the same keys.
    /// </summary>
    private async Task<List<(BulkEvent Row, SerializedEvent Event)>> ClaimKeysAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, BulkEvent[] chunk, DateTimeOffset timestamp, CancellationToken cancellationToken)
    {
        var rows = new List<(BulkEvent Row, SerializedEvent Event)>(chunk.Length);
        var fingerprints = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in chunk)
        {
            ArgumentException.ThrowIfNullOrEmpty(e.StreamId);
            ArgumentNullException.ThrowIfNull(e.Data);
            if (e.IdempotencyKey is { } repeated && fingerprints.ContainsKey(repeated)) continue;
            var serialized = new SerializedEvent(Guid.CreateVersion7(timestamp), Options.Events.NameOf(e.Data.GetType()), Serialize(e.Data));
            // By default the fingerprint an append of this one event would get, so a later replay of it matches.
            if (e.IdempotencyKey is { } key) fingerprints[key] = e.Fingerprint ?? PendingAppend.FingerprintOf(e.StreamId, [serialized]);
            rows.Add((e, serialized));
        }
        if (fingerprints.Count == 0) return rows;

        var keys = fingerprints.Keys.Order(StringComparer.Ordinal).ToArray();
        await using var command = new NpgsqlCommand(
            $"insert into {Schema}.idempotency_keys (key, fingerprint) select k, f from unnest($1::text[], $2::text[]) as u(k, f) on conflict (key) do nothing returning key",
            connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = keys });
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Select(k => fingerprints[k]).ToArray() });
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) claimed.Add(reader.GetString(0));
        }
        rows.RemoveAll(r => r.Row.IdempotencyKey is { } key && !claimed.Contains(key));
        return rows;
    }

    private async Task<Dictionary<string, long>> LockStreamsForBulkAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<(BulkEvent Row, SerializedEvent Event)> rows, CancellationToken cancellationToken)
    {
        var types = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (row, _) in rows) types.TryAdd(row.StreamId, row.StreamType);
        var ids = types.Keys.Order(StringComparer.Ordinal).ToArray();

        await using var batch = new NpgsqlBatch(connection, transaction);
        var create = new NpgsqlBatchCommand(
            $"insert into {Schema}.streams (id, type) select id, type from unnest($1::text[], $2::text[]) as u(id, type) on conflict (id) do nothing");
        create.Parameters.Add(new NpgsqlParameter { Value = ids });
        create.Parameters.Add(new NpgsqlParameter { Value = ids.Select(id => types[id]).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        batch.BatchCommands.Add(create);
        // A join on unnest, not "id = any($1)": against millions of streams the planner tested every row against the
        // chunk's whole array (a 50,000-row import chunk ran past the command timeout). Locked in sorted order still.
        var lockRows = new NpgsqlBatchCommand(
            $"select s.id, s.version from unnest($1::text[]) as u(id) join {Schema}.streams s on s.id = u.id order by s.id collate \"C\" for update of s");
        lockRows.Parameters.Add(new NpgsqlParameter { Value = ids });
        batch.BatchCommands.Add(lockRows);

        var versions = new Dictionary<string, long>(ids.Length, StringComparer.Ordinal);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        // The reader starts at the first statement that returns rows: the insert returns none.
        while (await reader.ReadAsync(cancellationToken)) versions[reader.GetString(0)] = reader.GetInt64(1);
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
