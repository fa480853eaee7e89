using System.Collections.Concurrent;
using CoCreation.Testing;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CoCreation.EventStore.Tests.Reading;

/// <summary>The feed against the store's own writers: group commit, immediate appends, bulk COPY, refusals.</summary>
public sealed class FeedWithRealWritersTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private EventStore Store => fixture.Store;

    [Fact]
    public async Task the_feed_delivers_exactly_the_committed_events_in_order_while_every_writer_path_runs_and_refuses()
    {
        var prefix = $"mix-{Guid.NewGuid():N}"[..16];
        var start = await Store.ReadHeadSequenceAsync();
        var feed = Store.CreateFeed(start);
        await using var otherNode = fixture.CreateStore(o => o.GroupCommit.Writers = 3);
        var refusals = new ConcurrentBag<Exception>();

        async Task Refused(Task append)
        {
            try
            {
                await append;
                Assert.Fail("the append should have been refused");
            }
            catch (Exception e) when (e is ConcurrencyException or IdempotencyKeyReusedException or InvalidEventException)
            {
                refusals.Add(e);
            }
        }

        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var node = w % 2 == 0 ? Store : otherNode;
            for (var i = 0; i < 60; i++)
            {
                var stream = $"{prefix}-{w}-{random.Next(4)}";
                var events = Enumerable.Range(0, random.Next(1, 4)).Select(n => (object)new Noted(n)).ToArray();
                var key = $"{prefix}:{w}:{random.Next(20)}";
                switch (random.Next(7))
                {
                    case 0:
                        // Refused before any number is reserved: leaves no hole.
                        await Refused(node.AppendAsync(stream, events, new AppendOptions { Expected = ExpectedVersion.Exactly(10_000) }));
                        break;
                    case 6:
                        // PostgreSQL refuses the data after the numbers were reserved: the whole batch rolls back
                        // (a hole that never fills), then its appends are committed one by one.
                        await Refused(node.AppendAsync(stream, [new Unstorable("nul \u0000")]));
                        break;
                    case 1:
                        // A replay (or a reuse with other events) after the first use.
                        try
                        {
                            await node.AppendAsync($"{prefix}-{w}-keyed", [new Noted(key.Length)], new AppendOptions { Idempotency = new(key) });
                        }
                        catch (IdempotencyKeyReusedException e)
                        {
                            refusals.Add(e);
                        }
                        break;
                    case 2:
                        await node.AppendImmediateAsync(stream, events);
                        break;
                    case 3:
                        await node.BulkAppendAsync(events.Select((e, n) => new BulkEvent($"{stream}-bulk{n % 2}", e)), chunkSize: 2);
                        break;
                    default:
                        await node.AppendAsync(stream, events);
                        break;
                }
            }
        })).ToArray();

        var delivered = new List<RecordedEvent>();
        using var stop = new CancellationTokenSource();
        var reading = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var page = await feed.ReadNextAsync(29);
                delivered.AddRange(page.Events);
                if (page.Events.Count == 0) await Task.Delay(5);
            }
        });

        await Task.WhenAll(writers);
        Assert.NotEmpty(refusals);
        var expected = await CommittedAsync(start);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (feed.Position < expected[^1] && DateTime.UtcNow < deadline) await Task.Delay(20);
        await stop.CancelAsync();
        await reading;

        Assert.True(feed.Position >= expected[^1], $"the feed stalled at {feed.Position}, short of {expected[^1]}");
        Assert.Equal(expected, delivered.Select(e => e.Sequence));
        Assert.Equal(delivered.Count, delivered.Select(e => e.Id).Distinct().Count());
        // Rolled-back transactions did leave holes: the feed stepped over them rather than waiting forever.
        Assert.True(expected[^1] - start > expected.Count, "no sequence number went unused");
    }

    [Fact]
    public async Task a_writer_transaction_paused_after_taking_its_sequence_numbers_holds_the_feed_until_it_commits()
    {
        var prefix = $"held-{Guid.NewGuid():N}"[..16];
        var schema = fixture.Schema;
        // A gate the held stream's inserts must pass: the writer has its numbers and waits inside its transaction.
        await ExecuteAsync($"""
            create table if not exists {schema}.gate (id int primary key);
            insert into {schema}.gate values (1) on conflict do nothing;
            create or replace function {schema}.pass_gate() returns trigger language plpgsql as
                $$ begin perform 1 from {schema}.gate for share; return new; end $$;
            create trigger pass_gate_{prefix.Replace('-', '_')} before insert on {schema}.events
                for each row when (new.stream_id = '{prefix}-held') execute function {schema}.pass_gate();
            """);

        var application = $"writer-{prefix}";
        await using var dataSource = TestDatabase.CreateDataSource(application);
        await using var heldNode = new EventStore(dataSource, Options.Create(new EventStoreOptions { Schema = schema }));
        var feed = Store.CreateFeed(await Store.ReadHeadSequenceAsync());

        await using var gateKeeper = await fixture.DataSource.OpenConnectionAsync();
        var closed = await gateKeeper.BeginTransactionAsync();
        await using (var close = new NpgsqlCommand($"select 1 from {schema}.gate for update", gateKeeper, closed)) await close.ExecuteNonQueryAsync();

        var held = heldNode.AppendAsync($"{prefix}-held", [new Noted(0), new Noted(1)]);
        await WaitUntilBlockedAsync(application);

        // Other streams commit through other writers and nodes meanwhile, above the held numbers.
        var later = new List<AppendResult>();
        for (var i = 0; i < 5; i++) later.Add(await Store.AppendAsync($"{prefix}-other-{i % 2}", [new Noted(i)]));
        later.Add(await Store.AppendImmediateAsync($"{prefix}-other-2", [new Noted(9)]));
        var bulk = await Store.BulkAppendAsync([new BulkEvent($"{prefix}-other-3", new Noted(10))]);

        var before = new List<RecordedEvent>();
        for (var i = 0; i < 5; i++)
        {
            var page = await feed.ReadNextAsync(100);
            before.AddRange(page.Events);
            Assert.True(page.WaitingOnGap, "the feed did not see the held writer's gap");
            await Task.Delay(30);
        }
        Assert.False(held.IsCompleted);

        await closed.RollbackAsync();
        var heldResult = await held;
        Assert.All(before, e => Assert.True(e.Sequence < heldResult.FirstSequence, $"{e.Sequence} was delivered before the held {heldResult.FirstSequence}"));
        Assert.True(heldResult.FirstSequence < later[0].FirstSequence, "the held writer had not reserved its numbers before the others committed");

        var after = new List<RecordedEvent>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (feed.Position < bulk.LastSequence)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the feed stayed at {feed.Position}");
            var page = await feed.ReadNextAsync(100);
            after.AddRange(page.Events);
            if (page.Events.Count == 0) await Task.Delay(20);
        }
        var mine = before.Concat(after).Where(e => e.StreamId.StartsWith(prefix, StringComparison.Ordinal)).Select(e => e.Sequence).ToList();
        long[] expected =
        [
            heldResult.FirstSequence, heldResult.LastSequence,
            .. later.Select(r => r.FirstSequence), bulk.LastSequence,
        ];
        Assert.Equal(expected.Order(), mine);
        Assert.Equal(before.Concat(after).Select(e => e.Sequence).Order(), before.Concat(after).Select(e => e.Sequence).Distinct());
    }

    private async Task<List<long>> CommittedAsync(long after)
    {
        await using var command = Store.DataSource.CreateCommand($"select seq_id from {fixture.Schema}.events where seq_id > $1 order by seq_id");
        command.Parameters.AddWithValue(after);
        var sequences = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) sequences.Add(reader.GetInt64(0));
        return sequences;
    }

    private async Task WaitUntilBlockedAsync(string application)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var command = Store.DataSource.CreateCommand(
                "select count(*) from pg_stat_activity where application_name = $1 and wait_event_type = 'Lock'");
            command.Parameters.AddWithValue(application);
            if ((long)(await command.ExecuteScalarAsync())! > 0) return;
            Assert.True(DateTime.UtcNow < deadline, "the writer never reached the gate");
            await Task.Delay(20);
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = Store.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}

internal sealed record Unstorable(string Text);
