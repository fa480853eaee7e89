using Npgsql;
using NpgsqlTypes;

namespace CoCreation.EventStore;

/// <summary>
/// Commits a batch of appends in one transaction, deciding each append's outcome on its own: a
/// replayed idempotency key or a version conflict fails (or replays) that append alone.
/// </summary>
/// <remarks>
/// The protocol, in three round trips plus the commit, each row written once:
/// <list type="number">
/// <item>take the transaction id first (the feed's gap rule relies on every sequence number being
/// taken by a transaction that already has an id); read the results of keys stored earlier; lock the
/// rows of the streams that exist, in a fixed order;</item>
/// <item>check expected versions in memory and reserve sequence numbers for the accepted events only;</item>
/// <item>insert the accepted appends' keys with their results, insert or move their streams in one
/// statement, insert the events.</item>
/// </list>
/// Refused appends and replays write nothing. A key or a new stream that a concurrent transaction stores
/// at the same moment is invisible to the first step; the plain key insert (or the unique
/// (stream_id, version) index, which stays the last guard of concurrency) then fails the whole batch,
/// and <see cref="GroupCommitWriter"/> runs it again, when the first step sees the other's rows.
/// Listeners are told after the commit, by <see cref="CommitNotifier"/>.
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

        var versions = await PrepareAsync(connection, transaction, owners, candidates, cancellationToken);
        // Appends whose key was stored earlier have their outcome (a replay, or a reuse with another request).
        candidates.RemoveAll(a => a.Key is not null && (a.Result is not null || a.Failure is not null));

        var decided = Decide(candidates, versions);
        // Numbers are reserved only for what will be written: a refused or replayed append leaves no hole
        // in the log for the feed to wait on.
        var sequences = await store.ReserveSequencesAsync(connection, transaction, decided.Sum(d => d.Append.Events.Count), cancellationToken);
        var accepted = Number(decided, sequences);
        if (accepted.Count > 0) await WriteAsync(connection, transaction, decided, accepted, cancellationToken);
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
    /// One round trip: take the transaction id, read the keys stored earlier (deciding those appends), lock the
    /// existing streams' rows in a fixed order and read their versions (a stream without a row is at 0).
    /// Appends that turn out to be replays had their streams locked for nothing; replays are rare.
    /// </summary>
    private async Task<Dictionary<string, long>> PrepareAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Dictionary<string, PendingAppend> owners, List<PendingAppend> candidates,
        CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("select pg_current_xact_id()"));

        var keys = owners.Keys.ToArray();
        if (keys.Length > 0)
        {
            var earlier = new NpgsqlBatchCommand(
                $"select k.key, k.fingerprint, k.stream_id, k.stream_version, k.first_seq, k.last_seq, k.first_event_id from unnest($1::text[]) as u(key) join {_s}.idempotency_keys k on k.key = u.key");
            earlier.Parameters.Add(new NpgsqlParameter { Value = keys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            batch.BatchCommands.Add(earlier);
        }

        // A fixed (ordinal) order of locks keeps two batches from deadlocking on each other.
        var ids = candidates.Select(a => a.StreamId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var lockRows = new NpgsqlBatchCommand(
            $"select s.id, s.version from unnest($1::text[]) as u(id) join {_s}.streams s on s.id = u.id order by s.id collate \"C\" for update of s");
        lockRows.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        batch.BatchCommands.Add(lockRows);

        var versions = ids.ToDictionary(id => id, _ => 0L, StringComparer.Ordinal);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        if (keys.Length > 0)
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var owner = owners[reader.GetString(0)];
                if (string.Equals(reader.GetString(1), owner.Fingerprint, StringComparison.Ordinal))
                    owner.Result = new AppendResult(reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetGuid(6), Replayed: true);
                else
                    owner.Failure = new IdempotencyKeyReusedException(owner.Key!);
            }
            await reader.NextResultAsync(cancellationToken);
        }
        while (await reader.ReadAsync(cancellationToken)) versions[reader.GetString(0)] = reader.GetInt64(1);
        return versions;
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

    /// <summary>One statement per table: the accepted appends' keys with their results, their streams, their events.</summary>
    private async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<(PendingAppend Append, long FirstVersion)> decided, List<AcceptedEvent> accepted,
        CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var timestamp = store.Time.GetUtcNow();

        // Sorted, so two batches inserting overlapping keys wait on each other in one order and cannot deadlock.
        var keyed = decided.Select(d => d.Append).Where(a => a.Key is not null).OrderBy(a => a.Key, StringComparer.Ordinal).ToArray();
        if (keyed.Length > 0)
        {
            // A plain insert: a key that a concurrent transaction stored after this one looked fails the batch,
            // which then runs again and replays (or refuses) it. "On conflict do nothing" would count it twice.
            var record = new NpgsqlBatchCommand(
                $"""
                insert into {_s}.idempotency_keys (key, fingerprint, stream_id, stream_version, first_seq, last_seq, first_event_id)
                select * from unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::uuid[])
                """);
            record.Parameters.Add(new NpgsqlParameter { Value = keyed.Select(a => a.Key!).ToArray() });
            record.Parameters.Add(new NpgsqlParameter { Value = keyed.Select(a => a.Fingerprint!).ToArray() });
            record.Parameters.Add(new NpgsqlParameter { Value = keyed.Select(a => a.Result!.StreamId).ToArray() });
            record.Parameters.Add(new NpgsqlParameter { Value = keyed.Select(a => a.Result!.StreamVersion).ToArray() });
            record.Parameters.Add(new NpgsqlParameter { Value = keyed.Select(a => a.Result!.FirstSequence).ToArray() });
            record.Parameters.Add(new NpgsqlParameter { Value = keyed.Select(a => a.Result!.LastSequence).ToArray() });
            record.Parameters.Add(new NpgsqlParameter { Value = keyed.Select(a => a.Result!.FirstEventId).ToArray() });
            batch.BatchCommands.Add(record);
        }

        var streams = decided.GroupBy(d => d.Append.StreamId, StringComparer.Ordinal)
            .Select(g => (Id: g.Key, g.First().Append.Options.StreamType, Version: g.Max(d => d.Append.Result!.StreamVersion)))
            .OrderBy(s => s.Id, StringComparer.Ordinal).ToArray();
        var move = new NpgsqlBatchCommand(
            $"""
            insert into {_s}.streams (id, type, version, updated)
            select id, type, version, $4 from unnest($1::text[], $2::text[], $3::bigint[]) as u(id, type, version)
            on conflict (id) do update set version = excluded.version, updated = excluded.updated
            """);
        move.Parameters.Add(new NpgsqlParameter { Value = streams.Select(s => s.Id).ToArray() });
        move.Parameters.Add(new NpgsqlParameter { Value = streams.Select(s => s.StreamType).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        move.Parameters.Add(new NpgsqlParameter { Value = streams.Select(s => s.Version).ToArray() });
        move.Parameters.Add(new NpgsqlParameter { Value = timestamp });
        batch.BatchCommands.Add(move);

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

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record AcceptedEvent(PendingAppend Append, SerializedEvent Event, long Sequence, long Version);
}
