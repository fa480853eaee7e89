using Npgsql;
using NpgsqlTypes;

namespace CoCreation.EventStore;

/// <summary>
/// Commits a batch of appends in one transaction, deciding each append's outcome on its own: a
/// replayed idempotency key or a version conflict fails (or replays) that append alone.
/// </summary>
/// <remarks>
/// The protocol, in three round trips plus the commit:
/// <list type="number">
/// <item>take the transaction id first (the feed's gap rule relies on every sequence number being
/// taken by a transaction that already has an id); claim the idempotency keys: the rows this
/// transaction inserts are its own, the others were committed earlier and hold the original result;
/// create missing streams, and lock every stream row in a fixed order;</item>
/// <item>check expected versions in memory and reserve sequence numbers for the accepted events only;</item>
/// <item>insert the events, move stream versions, record key results,
/// and release keys and empty streams of refused appends.</item>
/// </list>
/// The unique (stream_id, version) index stays the last guard of concurrency. Listeners are told after
/// the commit, by <see cref="CommitNotifier"/>.
/// </remarks>
internal sealed class BatchCommitter(EventStore store)
{
    private readonly string _s = store.Schema;

    public async Task CommitAsync(IReadOnlyList<PendingAppend> batch, CancellationToken cancellationToken)
    {
        foreach (var append in batch)
        {
            append.Result = null;
            append.Failure = null;
        }

        // Two appends with one key in the same batch: the first decides, the second replays it.
        var owners = new Dictionary<string, PendingAppend>(StringComparer.Ordinal);
        var echoes = new List<(PendingAppend Echo, PendingAppend Owner)>();
        var candidates = new List<PendingAppend>(batch.Count);
        foreach (var append in batch)
        {
            if (append.Key is null)
            {
                candidates.Add(append);
            }
            else if (owners.TryGetValue(append.Key, out var owner))
            {
                echoes.Add((append, owner));
            }
            else
            {
                owners[append.Key] = append;
                candidates.Add(append);
            }
        }

        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var (claimed, versions) = await PrepareAsync(connection, transaction, owners, candidates, cancellationToken);
        var locked = candidates.Select(a => a.StreamId).ToList();
        candidates.RemoveAll(a => a.Key is not null && !claimed.Contains(a.Key));

        var decided = Decide(candidates, versions);
        // Numbers are reserved only for what will be written: a refused or replayed append leaves no hole
        // in the log for the feed to wait on.
        var sequences = await store.ReserveSequencesAsync(connection, transaction, decided.Sum(d => d.Append.Events.Count), cancellationToken);
        var accepted = Number(decided, sequences);
        var written = accepted.Select(a => a.Append.StreamId).ToHashSet(StringComparer.Ordinal);
        var empty = locked.Where(id => !written.Contains(id)).Distinct(StringComparer.Ordinal).ToArray();
        await WriteAsync(connection, transaction, candidates, accepted, claimed, empty, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        foreach (var (echo, owner) in echoes)
        {
            if (!string.Equals(echo.Fingerprint, owner.Fingerprint, StringComparison.Ordinal))
                echo.Failure = new IdempotencyKeyReusedException(echo.Key!);
            else if (owner.Failure is not null)
                echo.Failure = owner.Failure;
            else
                echo.Result = owner.Result! with { Replayed = true };
        }
    }

    /// <summary>
    /// One round trip: take the transaction id, claim the keys (reading the results of keys stored
    /// earlier), create missing streams, lock every stream row in a fixed order. Appends that turn out to be
    /// replays had their streams locked for nothing; replays are rare.
    /// </summary>
    private async Task<(HashSet<string> Claimed, Dictionary<string, long> Versions)> PrepareAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Dictionary<string, PendingAppend> owners, List<PendingAppend> candidates,
        CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("select pg_current_xact_id()"));

        // Fixed (ordinal) orders of inserts and locks keep two batches from deadlocking on each other.
        var keys = owners.Keys.Order(StringComparer.Ordinal).ToArray();
        if (keys.Length > 0)
        {
            var claim = new NpgsqlBatchCommand(
                $"insert into {_s}.idempotency_keys (key, fingerprint) select k, f from unnest($1::text[], $2::text[]) as u(k, f) on conflict (key) do nothing returning key");
            claim.Parameters.Add(new NpgsqlParameter { Value = keys });
            claim.Parameters.Add(new NpgsqlParameter { Value = keys.Select(k => owners[k].Fingerprint!).ToArray() });
            batch.BatchCommands.Add(claim);
            var earlier = new NpgsqlBatchCommand(
                $"select key, fingerprint, stream_id, stream_version, first_seq, last_seq, first_event_id from {_s}.idempotency_keys where key = any($1) and stream_id is not null");
            earlier.Parameters.Add(new NpgsqlParameter { Value = keys });
            batch.BatchCommands.Add(earlier);
        }

        var types = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var append in candidates) types.TryAdd(append.StreamId, append.Options.StreamType);
        var ids = types.Keys.Order(StringComparer.Ordinal).ToArray();
        var create = new NpgsqlBatchCommand(
            $"insert into {_s}.streams (id, type) select id, type from unnest($1::text[], $2::text[]) as u(id, type) on conflict (id) do nothing");
        create.Parameters.Add(new NpgsqlParameter { Value = ids });
        create.Parameters.Add(new NpgsqlParameter { Value = ids.Select(id => types[id]).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        batch.BatchCommands.Add(create);
        var lockRows = new NpgsqlBatchCommand(
            $"select id, version from {_s}.streams where id = any($1) order by id collate \"C\" for update");
        lockRows.Parameters.Add(new NpgsqlParameter { Value = ids });
        batch.BatchCommands.Add(lockRows);

        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var versions = new Dictionary<string, long>(ids.Length, StringComparer.Ordinal);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        // The reader is positioned on the first statement's rows; statements that return no rows
        // (the stream insert) have no result set to step over.
        await reader.NextResultAsync(cancellationToken);
        if (keys.Length > 0)
        {
            while (await reader.ReadAsync(cancellationToken)) claimed.Add(reader.GetString(0));
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = reader.GetString(0);
                if (claimed.Contains(key)) continue;
                var owner = owners[key];
                owner.Failure = string.Equals(reader.GetString(1), owner.Fingerprint, StringComparison.Ordinal)
                    ? null
                    : new IdempotencyKeyReusedException(key);
                owner.Result = owner.Failure is null
                    ? new AppendResult(reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetGuid(6), Replayed: true)
                    : null;
            }
            await reader.NextResultAsync(cancellationToken);
        }
        while (await reader.ReadAsync(cancellationToken)) versions[reader.GetString(0)] = reader.GetInt64(1);
        return (claimed, versions);
    }

    /// <summary>Checks expectations in batch order; refused appends get their failure, accepted ones their first version.</summary>
    private static List<(PendingAppend Append, long FirstVersion)> Decide(List<PendingAppend> candidates, Dictionary<string, long> versions)
    {
        var decided = new List<(PendingAppend, long)>(candidates.Count);
        foreach (var append in candidates)
        {
            var current = versions[append.StreamId];
            var expected = append.Options.Expected;
            if (!expected.IsAny && expected.Value != current)
            {
                append.Failure = new ConcurrencyException(append.StreamId, expected, current);
                continue;
            }
            decided.Add((append, current + 1));
            versions[append.StreamId] = current + append.Events.Count;
        }
        return decided;
    }

    /// <summary>Gives the accepted events their sequence numbers, in batch order, and each append its result.</summary>
    private static List<AcceptedEvent> Number(List<(PendingAppend Append, long FirstVersion)> decided, long[] sequences)
    {
        var accepted = new List<AcceptedEvent>(sequences.Length);
        var next = 0;
        foreach (var (append, firstVersion) in decided)
        {
            var first = sequences[next];
            var version = firstVersion;
            foreach (var e in append.Events) accepted.Add(new AcceptedEvent(append, e, sequences[next++], version++));
            append.Result = new AppendResult(append.StreamId, version - 1, first, sequences[next - 1], append.Events[0].Id, Replayed: false);
        }
        return accepted;
    }

    private async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<PendingAppend> candidates, List<AcceptedEvent> accepted,
        HashSet<string> claimed, string[] untouchedStreams, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var timestamp = store.Time.GetUtcNow();

        if (accepted.Count > 0)
        {
            var insert = new NpgsqlBatchCommand(
                $"""
                insert into {_s}.events (seq_id, id, stream_id, version, type, data, timestamp, correlation_id, causation_id, actor)
                select seq_id, id, stream_id, version, type, data, $9, correlation_id, causation_id, actor
                from unnest($1::bigint[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::jsonb[], $7::uuid[], $8::uuid[], $10::text[])
                    as u(seq_id, id, stream_id, version, type, data, correlation_id, causation_id, actor)
                """);
            insert.Parameters.Add(new NpgsqlParameter { Value = accepted.Select(a => a.Sequence).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = accepted.Select(a => a.Event.Id).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = accepted.Select(a => a.Append.StreamId).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = accepted.Select(a => a.Version).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = accepted.Select(a => a.Event.Type).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter
            {
                Value = accepted.Select(a => a.Event.Data).ToArray(),
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
            });
            insert.Parameters.Add(new NpgsqlParameter { Value = accepted.Select(a => a.Append.Options.CorrelationId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            insert.Parameters.Add(new NpgsqlParameter { Value = accepted.Select(a => a.Append.Options.CausationId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            insert.Parameters.Add(new NpgsqlParameter { Value = timestamp });
            insert.Parameters.Add(new NpgsqlParameter { Value = accepted.Select(a => a.Append.Options.Actor).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            batch.BatchCommands.Add(insert);

            var last = accepted.GroupBy(a => a.Append.StreamId, StringComparer.Ordinal).Select(g => (Id: g.Key, Version: g.Max(a => a.Version))).ToArray();
            var move = new NpgsqlBatchCommand(
                $"update {_s}.streams s set version = u.version, updated = $3 from unnest($1::text[], $2::bigint[]) as u(id, version) where s.id = u.id");
            move.Parameters.Add(new NpgsqlParameter { Value = last.Select(l => l.Id).ToArray() });
            move.Parameters.Add(new NpgsqlParameter { Value = last.Select(l => l.Version).ToArray() });
            move.Parameters.Add(new NpgsqlParameter { Value = timestamp });
            batch.BatchCommands.Add(move);

        }

        var keyed = candidates.Where(a => a.Key is not null && claimed.Contains(a.Key)).ToList();
        var recorded = keyed.Where(a => a.Result is not null).ToArray();
        if (recorded.Length > 0)
        {
            var record = new NpgsqlBatchCommand(
                $"""
                update {_s}.idempotency_keys k
                set stream_id = u.stream_id, stream_version = u.stream_version, first_seq = u.first_seq, last_seq = u.last_seq, first_event_id = u.first_event_id
                from unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::uuid[]) as u(key, stream_id, stream_version, first_seq, last_seq, first_event_id)
                where k.key = u.key
                """);
            record.Parameters.Add(new NpgsqlParameter { Value = recorded.Select(a => a.Key!).ToArray() });
            record.Parameters.Add(new NpgsqlParameter { Value = recorded.Select(a => a.Result!.StreamId).ToArray() });
            record.Parameters.Add(new NpgsqlParameter { Value = recorded.Select(a => a.Result!.StreamVersion).ToArray() });
            record.Parameters.Add(new NpgsqlParameter { Value = recorded.Select(a => a.Result!.FirstSequence).ToArray() });
            record.Parameters.Add(new NpgsqlParameter { Value = recorded.Select(a => a.Result!.LastSequence).ToArray() });
            record.Parameters.Add(new NpgsqlParameter { Value = recorded.Select(a => a.Result!.FirstEventId).ToArray() });
            batch.BatchCommands.Add(record);
        }

        var released = keyed.Where(a => a.Failure is not null).Select(a => a.Key!).ToArray();
        if (released.Length > 0)
        {
            var release = new NpgsqlBatchCommand($"delete from {_s}.idempotency_keys where key = any($1)");
            release.Parameters.Add(new NpgsqlParameter { Value = released });
            batch.BatchCommands.Add(release);
        }

        if (untouchedStreams.Length > 0)
        {
            // A refused or replayed append may have created its stream row above; an empty stream is not a stream.
            var prune = new NpgsqlBatchCommand($"delete from {_s}.streams where id = any($1) and version = 0");
            prune.Parameters.Add(new NpgsqlParameter { Value = untouchedStreams });
            batch.BatchCommands.Add(prune);
        }

        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record AcceptedEvent(PendingAppend Append, SerializedEvent Event, long Sequence, long Version);
}
