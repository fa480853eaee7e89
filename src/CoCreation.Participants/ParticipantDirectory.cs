using System.Collections.Concurrent;
using CoCreation.EventStore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace CoCreation.Participants;

/// <summary>
/// Maps a OneID, or a guest's key, to the participant id events carry (a UUID v7 minted on first sight), so the log
/// never holds either. OneIDs and guests live in separate tables, so no OneID can ever name a guest's participant. A
/// hits come from a bounded per-node cache; concurrent misses are resolved together, in one transaction of one round
/// trip for as many people as arrived meanwhile. Shared by the API and the command-line import, so both give a person
/// the same id. Erasure deletes a person's row (the link can no longer be recovered) and
/// <see cref="Forget"/> drops the id from this node's cache for good.
/// </summary>
public sealed class ParticipantDirectory(NpgsqlDataSource dataSource, IOptions<EventStoreOptions> options, TimeProvider time)
{
    /// <summary>Entries cached per node and per kind (OneIDs, guests), across two generations.</summary>
    public const int CacheCapacity = 200_000;

    // At most this many resolutions of misses run at once per kind; misses arriving meanwhile wait for the next one,
    // so under load many first submissions share a transaction (as appends share the group commit).
    private const int Resolvers = 2;

    private readonly string _schema = options.Value.Schema;
    private readonly IdCache _oneIds = new();
    private readonly IdCache _guests = new();
    private readonly Misses _oneIdMisses = new();
    private readonly Misses _guestMisses = new();

    // Participant ids erased anywhere (this node's own erasures and every node's, from the log). Erasures are rare, so
    // the set stays small; it keeps a lookup that raced an erasure from putting the old id back into the cache.
    private readonly ConcurrentDictionary<Guid, byte> _forgotten = new();

    /// <summary>The metadata actor of a participant's own write: their participant id, so the log holds no OneID.</summary>
    public static string ActorOf(Guid participantId) => $"participant:{participantId:N}";

    /// <summary>The metadata actor of a guest's own write: marks the event as a guest's, for exports and statistics.</summary>
    public static string GuestActorOf(Guid participantId) => $"guest:{participantId:N}";

    /// <summary>Whether a metadata actor is a guest's (<see cref="GuestActorOf"/>).</summary>
    public static bool IsGuestActor(string? actor) => actor is not null && actor.StartsWith("guest:", StringComparison.Ordinal);

    /// <summary>The participant id of <paramref name="oneId"/>, minted on first sight.</summary>
    public async Task<Guid> ResolveAsync(string oneId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(oneId);
        if (TryGetCached(_oneIds, oneId, out var cached)) return cached;
        return await GatherAsync(Kind.OneId, oneId, cancellationToken);
    }

    /// <summary>The participant id of the guest with <paramref name="guestKey"/> (a keyed hash of their device), minted on first sight.</summary>
    public async Task<Guid> ResolveGuestAsync(string guestKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(guestKey);
        if (TryGetCached(_guests, guestKey, out var cached)) return cached;
        return await GatherAsync(Kind.Guest, guestKey, cancellationToken);
    }

    /// <summary>Waits for <paramref name="key"/>'s resolution together with the other misses of its kind arriving meanwhile.</summary>
    private async Task<Guid> GatherAsync(Kind kind, string key, CancellationToken cancellationToken)
    {
        var misses = MissesOf(kind);
        TaskCompletionSource<Guid>? miss;
        bool resolve;
        lock (misses.Gate)
        {
            if (!misses.Waiting.TryGetValue(key, out miss))
            {
                miss = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
                misses.Waiting[key] = miss;
            }
            resolve = misses.Resolving < Resolvers;
            if (resolve) misses.Resolving++;
        }
        if (resolve) _ = ResolveMissesAsync(kind, misses);
        return await miss.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Resolves the waiting misses of a kind, a gathering at a time, until none is left.</summary>
    private async Task ResolveMissesAsync(Kind kind, Misses misses)
    {
        while (true)
        {
            Dictionary<string, TaskCompletionSource<Guid>> gathered;
            lock (misses.Gate)
            {
                if (misses.Waiting.Count == 0)
                {
                    misses.Resolving--;
                    return;
                }
                gathered = misses.Waiting;
                misses.Waiting = new Dictionary<string, TaskCompletionSource<Guid>>(StringComparer.Ordinal);
            }
            try
            {
                // Not any one caller's token: the transaction serves every caller in it, and a caller that gives up
                // stops waiting for it (WaitAsync above), not the others.
                var resolved = await ResolveManyAsync(kind, gathered.Keys, CancellationToken.None);
                foreach (var (key, miss) in gathered) miss.TrySetResult(resolved[key]);
            }
            catch (Exception e)
            {
                foreach (var miss in gathered.Values) miss.TrySetException(e);
            }
        }
    }

    /// <summary>Resolves many OneIDs in one round trip (for batches), minting ids for those seen first.</summary>
    public Task<IReadOnlyDictionary<string, Guid>> ResolveManyAsync(IReadOnlyCollection<string> oneIds, CancellationToken cancellationToken) =>
        ResolveManyAsync(Kind.OneId, oneIds, cancellationToken);

    private async Task<IReadOnlyDictionary<string, Guid>> ResolveManyAsync(Kind kind, IReadOnlyCollection<string> oneIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(oneIds);
        var cache = CacheOf(kind);
        var result = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var oneId in oneIds.Distinct(StringComparer.Ordinal))
        {
            if (TryGetCached(cache, oneId, out var id)) result[oneId] = id;
            else missing.Add(oneId);
        }
        if (missing.Count == 0) return result;

        // Sorted, so two batches inserting overlapping OneIDs lock them in the same order and cannot deadlock.
        missing.Sort(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var candidates = missing.Select(_ => Guid.CreateVersion7(now)).ToArray();

        // One transaction, normally one round trip: the insert returns the rows it made. A OneID it did not make was
        // there already, or a concurrent first resolution committed it while the insert waited on it; a select of its
        // own (a statement of its own, so a snapshot that sees that commit; a CTE would not) reads those.
        // The commit does not wait for its WAL flush (synchronous_commit off): a new person's first submission would
        // otherwise pay two fsyncs, this one and its event's. It is safe because nothing acknowledged can depend on a
        // lost row: the event that uses the id commits later in the same WAL, and its synchronous commit flushes this
        // row with it; a crash before that loses both, and the person simply gets a new id next time.
        var resolved = new List<(string OneId, Guid Id)>(missing.Count);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var batch = new NpgsqlBatch(connection, transaction))
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand("set local synchronous_commit to off"));
                var insert = new NpgsqlBatchCommand(
                    $"""
                    insert into {_schema}.{kind.Table} ({kind.Key}, participant_id)
                    select one_id, participant_id from unnest($1::text[], $2::uuid[]) as u(one_id, participant_id) order by one_id
                    on conflict ({kind.Key}) do nothing
                    returning {kind.Key}, participant_id
                    """);
                insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = missing.ToArray() });
                insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid, Value = candidates });
                batch.BatchCommands.Add(insert);
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) resolved.Add((reader.GetString(0), reader.GetGuid(1)));
            }
            if (resolved.Count < missing.Count)
            {
                var made = resolved.Select(r => r.OneId).ToHashSet(StringComparer.Ordinal);
                // A join on unnest, not "one_id = any($1)": with an import's 50,000 OneIDs against millions of rows the
                // planner chose a scan testing every row against the whole array (over 30 s); the join looks each one up once.
                await using var select = new NpgsqlCommand(
                    $"select p.{kind.Key}, p.participant_id from unnest($1::text[]) as u(one_id) join {_schema}.{kind.Table} p on p.{kind.Key} = u.one_id",
                    connection, transaction);
                select.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = missing.Where(m => !made.Contains(m)).ToArray() });
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) resolved.Add((reader.GetString(0), reader.GetGuid(1)));
            }
            await transaction.CommitAsync(cancellationToken);
        }
        catch (NpgsqlException e) when (IsOutage(e))
        {
            throw Unavailable(e);
        }
        foreach (var (oneId, id) in resolved)
        {
            result[oneId] = id;
            Remember(cache, oneId, id);
        }
        return result;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (NpgsqlException e) when (IsOutage(e))
        {
            throw Unavailable(e);
        }
    }

    private static bool IsOutage(NpgsqlException e) =>
        e is { IsTransient: true } or { InnerException: System.Net.Sockets.SocketException or IOException or TimeoutException };

    private static EventStoreUnavailableException Unavailable(NpgsqlException e) => new("PostgreSQL is unavailable; nothing was written.", e);

    /// <summary>
    /// Erases <paramref name="oneId"/>: deletes its row, so nothing can link it to its participant id any more, and
    /// records the id as a pending erasure (<see cref="PendingErasuresAsync"/>) in the same transaction, so the caller
    /// can still announce it to every node after a failure. Returns the erased id, or null when there was no row
    /// (never seen, or erased before).
    /// </summary>
    public Task<Guid?> EraseAsync(string oneId, string actor, CancellationToken cancellationToken) =>
        EraseAsync(Kind.OneId, oneId, actor, cancellationToken);

    /// <summary>Erases the guest with <paramref name="guestKey"/>, as <see cref="EraseAsync(string, string, CancellationToken)"/> does a OneID.</summary>
    public Task<Guid?> EraseGuestAsync(string guestKey, string actor, CancellationToken cancellationToken) =>
        EraseAsync(Kind.Guest, guestKey, actor, cancellationToken);

    private async Task<Guid?> EraseAsync(Kind kind, string key, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            with gone as (delete from {_schema}.{kind.Table} where {kind.Key} = $1 returning participant_id)
            insert into {_schema}.participant_erasures (participant_id, guest, actor)
            select participant_id, $2, $3 from gone
            returning participant_id
            """, connection);
        command.Parameters.AddWithValue(key);
        command.Parameters.AddWithValue(kind == Kind.Guest);
        command.Parameters.AddWithValue(actor);
        try
        {
            var erased = await command.ExecuteScalarAsync(cancellationToken) as Guid?;
            if (erased is { } id) Forget(id);
            CacheOf(kind).Remove(key);
            return erased;
        }
        catch (NpgsqlException e) when (IsOutage(e))
        {
            throw Unavailable(e);
        }
    }

    /// <summary>Erasures whose announcement has not completed yet (<see cref="CompleteErasureAsync"/>), oldest first.</summary>
    public async Task<IReadOnlyList<PendingErasure>> PendingErasuresAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"select participant_id, guest, actor from {_schema}.participant_erasures order by erased, participant_id", connection);
        var pending = new List<PendingErasure>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) pending.Add(new PendingErasure(reader.GetGuid(0), reader.GetBoolean(1), reader.GetString(2)));
        }
        catch (NpgsqlException e) when (IsOutage(e))
        {
            throw Unavailable(e);
        }
        return pending;
    }

    /// <summary>Marks an erasure announced: it no longer needs to be (re)announced.</summary>
    public async Task CompleteErasureAsync(Guid participantId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"delete from {_schema}.participant_erasures where participant_id = $1", connection);
        command.Parameters.AddWithValue(participantId);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (NpgsqlException e) when (IsOutage(e))
        {
            throw Unavailable(e);
        }
    }

    /// <summary>
    /// Drops <paramref name="participantId"/> from this node's cache and keeps it from coming back: called for every
    /// erasure in the log, on every node. O(cache) per call, which erasures, being rare, can afford.
    /// </summary>
    public void Forget(Guid participantId)
    {
        // First into the set, then out of the caches: a Remember racing this sees the set and does not cache.
        _forgotten.TryAdd(participantId, 0);
        _oneIds.RemoveValue(participantId);
        _guests.RemoveValue(participantId);
    }

    private IdCache CacheOf(Kind kind) => kind == Kind.Guest ? _guests : _oneIds;

    private Misses MissesOf(Kind kind) => kind == Kind.Guest ? _guestMisses : _oneIdMisses;

    private bool TryGetCached(IdCache cache, string key, out Guid id)
    {
        if (!cache.TryGet(key, out id)) return false;
        if (!_forgotten.ContainsKey(id)) return true;
        cache.Remove(key);
        return false;
    }

    private void Remember(IdCache cache, string key, Guid id)
    {
        if (!_forgotten.ContainsKey(id)) cache.Remember(key, id);
    }

    /// <summary>Where a kind of key lives: OneIDs and guests never share a table, so they can never collide.</summary>
    private sealed record Kind(string Table, string Key)
    {
        public static readonly Kind OneId = new("participants", "one_id");
        public static readonly Kind Guest = new("guests", "guest_key");
    }

    /// <summary>The misses of one kind waiting for a resolution, and how many resolutions run.</summary>
    private sealed class Misses
    {
        public Lock Gate { get; } = new();
        public Dictionary<string, TaskCompletionSource<Guid>> Waiting { get; set; } = new(StringComparer.Ordinal);
        public int Resolving { get; set; }
    }

    /// <summary>A bounded key → participant id cache of two generations.</summary>
    private sealed class IdCache
    {
        // Two generations approximate LRU without bookkeeping per hit: when the young one fills it becomes the
        // old one and the previous old one is dropped; a hit in the old generation moves the entry back.
        private Generation _young = new();
        private Generation _old = new();

        public bool TryGet(string key, out Guid id)
        {
            if (_young.Map.TryGetValue(key, out id)) return true;
            if (!_old.Map.TryGetValue(key, out id)) return false;
            Remember(key, id);
            return true;
        }

        public void Remember(string key, Guid id)
        {
            var young = _young;
            // The generation counts its own additions: ConcurrentDictionary.Count takes every lock of the table, which
            // on each first submission was the directory's largest cost under load.
            if (Volatile.Read(ref young.Added) >= CacheCapacity / 2)
            {
                // Racing swaps only lose a few entries, which a miss restores from the table.
                _old = young;
                _young = young = new Generation();
            }
            if (young.Map.TryAdd(key, id)) Interlocked.Increment(ref young.Added);
            else young.Map[key] = id;
        }

        public void Remove(string key)
        {
            _young.Map.TryRemove(key, out _);
            _old.Map.TryRemove(key, out _);
        }

        public void RemoveValue(Guid id)
        {
            foreach (var generation in new[] { _young.Map, _old.Map })
            {
                foreach (var entry in generation.Where(e => e.Value == id)) generation.TryRemove(entry);
            }
        }

        private sealed class Generation
        {
            public readonly ConcurrentDictionary<string, Guid> Map = new(StringComparer.Ordinal);
            public int Added;
        }
    }
}

/// <summary>An erasure whose row is gone but whose announcement in the log may not have been appended yet.</summary>
public sealed record PendingErasure(Guid ParticipantId, bool Guest, string Actor);
