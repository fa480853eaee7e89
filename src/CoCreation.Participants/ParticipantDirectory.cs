using System.Collections.Concurrent;
using CoCreation.EventStore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace CoCreation.Participants;

/// <summary>
/// Maps a OneID to the participant id events carry (a UUID v7 minted on first sight), so the log never holds
/// the OneID. Hits come from a bounded per-node cache; concurrent misses are resolved together, in one
/// transaction of one round trip for as many people as arrived meanwhile. Shared by the API and the
/// command-line import, so both give a person the same id.
/// </summary>
public sealed class ParticipantDirectory(NpgsqlDataSource dataSource, IOptions<EventStoreOptions> options, TimeProvider time)
{
    /// <summary>Entries cached per node, across two generations.</summary>
    public const int CacheCapacity = 200_000;

    // At most this many resolutions of misses run at once; misses arriving meanwhile wait for the next one,
    // so under load many first submissions share a transaction (as appends share the group commit).
    private const int Resolvers = 2;

    private readonly string _schema = options.Value.Schema;
    private readonly Lock _gate = new();
    private Dictionary<string, TaskCompletionSource<Guid>> _misses = new(StringComparer.Ordinal);
    private int _resolving;

    // Two generations approximate LRU without bookkeeping per hit: when the young one fills it becomes the
    // old one and the previous old one is dropped; a hit in the old generation moves the entry back.
    private ConcurrentDictionary<string, Guid> _young = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, Guid> _old = new(StringComparer.Ordinal);

    /// <summary>The metadata actor of a participant's own write: their participant id, so the log holds no OneID.</summary>
    public static string ActorOf(Guid participantId) => $"participant:{participantId:N}";

    /// <summary>The participant id of <paramref name="oneId"/>, minted on first sight.</summary>
    public async Task<Guid> ResolveAsync(string oneId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(oneId);
        if (TryGetCached(oneId, out var cached)) return cached;
        TaskCompletionSource<Guid>? miss;
        bool resolve;
        lock (_gate)
        {
            if (!_misses.TryGetValue(oneId, out miss))
            {
                miss = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
                _misses[oneId] = miss;
            }
            resolve = _resolving < Resolvers;
            if (resolve) _resolving++;
        }
        if (resolve) _ = ResolveMissesAsync();
        return await miss.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Resolves the waiting misses, a gathering at a time, until none is left.</summary>
    private async Task ResolveMissesAsync()
    {
        while (true)
        {
            Dictionary<string, TaskCompletionSource<Guid>> misses;
            lock (_gate)
            {
                if (_misses.Count == 0)
                {
                    _resolving--;
                    return;
                }
                misses = _misses;
                _misses = new Dictionary<string, TaskCompletionSource<Guid>>(StringComparer.Ordinal);
            }
            try
            {
                // Not any one caller's token: the transaction serves every caller in it, and a caller that gives up
                // stops waiting for it (WaitAsync above), not the others.
                var resolved = await ResolveManyAsync(misses.Keys, CancellationToken.None);
                foreach (var (oneId, miss) in misses) miss.TrySetResult(resolved[oneId]);
            }
            catch (Exception e)
            {
                foreach (var miss in misses.Values) miss.TrySetException(e);
            }
        }
    }

    /// <summary>Resolves many OneIDs in one round trip (for batches), minting ids for those seen first.</summary>
    public async Task<IReadOnlyDictionary<string, Guid>> ResolveManyAsync(IReadOnlyCollection<string> oneIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(oneIds);
        var result = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var oneId in oneIds.Distinct(StringComparer.Ordinal))
        {
            if (TryGetCached(oneId, out var id)) result[oneId] = id;
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
                    insert into {_schema}.participants (one_id, participant_id)
                    select one_id, participant_id from unnest($1::text[], $2::uuid[]) as u(one_id, participant_id) order by one_id
                    on conflict (one_id) do nothing
                    returning one_id, participant_id
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
                    $"select p.one_id, p.participant_id from unnest($1::text[]) as u(one_id) join {_schema}.participants p on p.one_id = u.one_id",
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
            Remember(oneId, id);
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

    private bool TryGetCached(string oneId, out Guid id)
    {
        if (_young.TryGetValue(oneId, out id)) return true;
        if (!_old.TryGetValue(oneId, out id)) return false;
        Remember(oneId, id);
        return true;
    }

    private void Remember(string oneId, Guid id)
    {
        var young = _young;
        if (young.Count >= CacheCapacity / 2)
        {
            // Racing swaps only lose a few entries, which a miss restores from the table.
            _old = young;
            _young = young = new ConcurrentDictionary<string, Guid>(StringComparer.Ordinal);
        }
        young[oneId] = id;
    }
}
