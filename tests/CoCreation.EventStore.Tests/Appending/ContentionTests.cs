using System.Collections.Concurrent;
using CoCreation.Testing;

namespace CoCreation.EventStore.Tests.Appending;

/// <summary>Several nodes and writers hammering the same few streams and the same idempotency keys.</summary>
public sealed class ContentionTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task hot_streams_appended_from_two_nodes_with_four_writers_each_get_dense_versions_and_every_append_succeeds()
    {
        var prefix = $"hot-{Guid.NewGuid():N}"[..16];
        var streams = Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}").ToArray();
        await using var nodeA = fixture.CreateStore(o => o.GroupCommit.Writers = 4);
        await using var nodeB = fixture.CreateStore(o => o.GroupCommit.Writers = 4);
        var results = new ConcurrentBag<(AppendResult Result, int Count)>();

        // Every caller appends to several hot streams in a random order, so batches lock overlapping sets.
        var callers = Enumerable.Range(0, 16).Select(c => Task.Run(async () =>
        {
            var random = new Random(c);
            var node = c % 2 == 0 ? nodeA : nodeB;
            for (var i = 0; i < 25; i++)
            {
                var pending = Enumerable.Range(0, 4).Select(_ =>
                {
                    var stream = streams[random.Next(streams.Length)];
                    var events = Enumerable.Range(0, random.Next(1, 3)).Select(n => (object)new Counted(n)).ToArray();
                    var append = random.Next(5) == 0 ? node.AppendImmediateAsync(stream, events) : node.AppendAsync(stream, events);
                    return append.ContinueWith(t => (t.Result, events.Length), TaskScheduler.Default);
                }).ToArray();
                foreach (var outcome in await Task.WhenAll(pending)) results.Add(outcome);
            }
        })).ToArray();
        await Task.WhenAll(callers);

        Assert.Equal(16 * 25 * 4, results.Count);
        foreach (var stream in streams)
        {
            var events = await fixture.Store.ReadStreamAsync(stream);
            Assert.Equal(Enumerable.Range(1, events.Count).Select(v => (long)v), events.Select(e => e.Version));
            Assert.Equal(events.OrderBy(e => e.Sequence).Select(e => e.Version), events.Select(e => e.Version));
            Assert.Equal(events.Count, await fixture.Store.ReadStreamVersionAsync(stream));
            var mine = results.Where(r => r.Result.StreamId == stream).ToList();
            Assert.Equal(mine.Sum(r => r.Count), events.Count);
            // Each result names its own first and last event (their numbers need not be adjacent: concurrent
            // transactions draw from the sequence at the same time).
            var byVersion = events.ToDictionary(e => e.Version);
            Assert.All(mine, r =>
            {
                Assert.Equal(r.Result.FirstEventId, byVersion[r.Result.StreamVersion - r.Count + 1].Id);
                Assert.Equal(r.Result.FirstSequence, byVersion[r.Result.StreamVersion - r.Count + 1].Sequence);
                Assert.Equal(r.Result.LastSequence, byVersion[r.Result.StreamVersion].Sequence);
            });
        }
    }

    [Fact]
    public async Task one_idempotency_key_raced_through_appends_and_imports_on_two_nodes_is_written_once()
    {
        var prefix = $"race-{Guid.NewGuid():N}"[..16];
        await using var nodeA = fixture.CreateStore();
        await using var nodeB = fixture.CreateStore();
        var keys = Enumerable.Range(0, 40).Select(i => (Key: $"{prefix}:{i}", Stream: $"{prefix}-{i % 3}", Data: new Counted(i))).ToArray();
        var replies = new ConcurrentBag<AppendResult>();

        // Imports lock their streams before they store keys; appends store keys before they lock streams.
        var appends = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            var node = w % 2 == 0 ? nodeA : nodeB;
            foreach (var (key, stream, data) in keys.OrderBy(_ => Random.Shared.Next()))
            {
                var options = new AppendOptions { Idempotency = new(key) };
                replies.Add(w % 3 == 0
                    ? await node.AppendImmediateAsync(stream, [data], options)
                    : await node.AppendAsync(stream, [data], options));
            }
        }));
        var imports = Enumerable.Range(0, 2).Select(w => Task.Run(() =>
            (w == 0 ? nodeA : nodeB).BulkAppendAsync(keys.Reverse().Select(k => new BulkEvent(k.Stream, k.Data, k.Key)), chunkSize: 7)));
        await Task.WhenAll([.. appends, .. imports]);

        var stored = (await Task.WhenAll(Enumerable.Range(0, 3).Select(s => nodeA.ReadStreamAsync($"{prefix}-{s}")))).SelectMany(e => e).ToList();
        Assert.Equal(keys.Select(k => k.Data.N).Order(), stored.Select(e => ((Counted)e.Data).N).Order());
        // Every reply for a key names the one event that was written for it.
        var bySequence = stored.ToDictionary(e => e.Sequence);
        Assert.All(replies, r => Assert.Equal(r.FirstEventId, bySequence[r.FirstSequence].Id));
    }

    [Fact]
    public async Task a_group_commit_chosen_as_deadlock_victim_is_run_again_instead_of_reported_as_an_outage()
    {
        var stream = $"dl-{Guid.NewGuid():N}";
        var key = $"{stream}:k";
        var application = $"deadlock-{Guid.NewGuid():N}"[..20];
        await using var dataSource = TestDatabase.CreateDataSource(application);
        await using var store = new EventStore(dataSource, Microsoft.Extensions.Options.Options.Create(new EventStoreOptions { Schema = fixture.Schema }));
        await store.AppendAsync(stream, [new Counted(0)]);

        // Another session holds the stream row; it will want the key the append claims first.
        await using var other = await fixture.DataSource.OpenConnectionAsync();
        await Execute(other, null, "set deadlock_timeout = '30s'"); // so that the append's session detects the deadlock
        await using var transaction = await other.BeginTransactionAsync();
        await Execute(other, transaction, $"select 1 from {fixture.Schema}.streams where id = '{stream}' for update");

        var append = store.AppendAsync(stream, [new Counted(1)], new AppendOptions { Idempotency = new(key) });
        await WaitUntilBlockedAsync(application);
        await Execute(other, transaction, $"insert into {fixture.Schema}.idempotency_keys (key, fingerprint) values ('{key}', 'other')");
        await transaction.RollbackAsync();

        var result = await append;
        Assert.False(result.Replayed);
        Assert.Equal(2, result.StreamVersion);
    }

    private async Task WaitUntilBlockedAsync(string application)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var command = fixture.DataSource.CreateCommand(
                "select count(*) from pg_stat_activity where application_name = $1 and wait_event_type = 'Lock'");
            command.Parameters.AddWithValue(application);
            if ((long)(await command.ExecuteScalarAsync())! > 0) return;
            Assert.True(DateTime.UtcNow < deadline, "the append never blocked on the held row");
            await Task.Delay(20);
        }
    }

    private static async Task Execute(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction? transaction, string sql)
    {
        await using var command = new Npgsql.NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }
}
