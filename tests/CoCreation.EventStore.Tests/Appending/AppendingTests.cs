using CoCreation.Testing;
using Npgsql;

namespace CoCreation.EventStore.Tests.Appending;

public sealed class AppendingTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private static string NewStream() => $"s-{Guid.NewGuid():N}";

    [Fact]
    public async Task appending_to_a_new_stream_numbers_its_events_from_version_one()
    {
        var stream = NewStream();

        var result = await fixture.Store.AppendAsync(stream, [new Counted(1), new Counted(2), new Counted(3)]);

        Assert.Equal(3, result.StreamVersion);
        Assert.Equal(2, result.LastSequence - result.FirstSequence);
        Assert.False(result.Replayed);
        var events = await fixture.Store.ReadStreamAsync(stream);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Version));
        Assert.Equal([1, 2, 3], events.Select(e => ((Counted)e.Data).N));
        Assert.Equal(result.FirstEventId, events[0].Id);
        Assert.Equal("counted", events[0].Type);
    }

    [Fact]
    public async Task metadata_is_stored_with_every_event()
    {
        var stream = NewStream();
        var correlation = Guid.NewGuid();
        var causation = Guid.NewGuid();

        await fixture.Store.AppendAsync(stream, [new Noted("hello")],
            new AppendOptions { Actor = "admin:ab12", CorrelationId = correlation, CausationId = causation, StreamType = "note" });

        var recorded = Assert.Single(await fixture.Store.ReadStreamAsync(stream));
        Assert.Equal(new EventMetadata("admin:ab12", correlation, causation), recorded.Metadata);
        Assert.Equal(new Noted("hello"), recorded.Data);
    }

    [Fact]
    public async Task appending_with_a_stale_expected_version_is_refused_with_a_typed_error()
    {
        var stream = NewStream();
        await fixture.Store.AppendAsync(stream, [new Counted(1)]);

        var error = await Assert.ThrowsAsync<ConcurrencyException>(() =>
            fixture.Store.AppendAsync(stream, [new Counted(2)], new AppendOptions { Expected = ExpectedVersion.NoStream }));

        Assert.Equal(1, error.Actual);
        Assert.Equal(stream, error.StreamId);
        Assert.Single(await fixture.Store.ReadStreamAsync(stream));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task two_writers_expecting_the_same_version_exactly_one_wins(bool groupCommit)
    {
        var stream = NewStream();
        await fixture.Store.AppendAsync(stream, [new Counted(0)]);
        await using var otherNode = fixture.CreateStore();
        var options = new AppendOptions { Expected = ExpectedVersion.Exactly(1) };

        Task<AppendResult> Write(EventStore store, int n) => groupCommit
            ? store.AppendAsync(stream, [new Counted(n)], options)
            : store.AppendImmediateAsync(stream, [new Counted(n)], options);

        var outcomes = await Task.WhenAll(
            Capture(Write(fixture.Store, 1)),
            Capture(Write(otherNode, 2)));

        Assert.Single(outcomes, o => o.Result is not null);
        var loser = Assert.IsType<ConcurrencyException>(Assert.Single(outcomes, o => o.Error is not null).Error);
        Assert.Equal(2, loser.Actual);
        Assert.Equal(2, (await fixture.Store.ReadStreamAsync(stream)).Count);
    }

    [Fact]
    public async Task a_stream_that_a_refused_append_would_have_created_does_not_exist()
    {
        var stream = NewStream();

        await Assert.ThrowsAsync<ConcurrencyException>(() =>
            fixture.Store.AppendAsync(stream, [new Counted(1)], new AppendOptions { Expected = ExpectedVersion.Exactly(3) }));

        Assert.Null(await fixture.Store.ReadStreamVersionAsync(stream));
    }

    [Fact]
    public async Task replaying_an_idempotency_key_returns_the_original_result_and_writes_nothing()
    {
        var stream = NewStream();
        var key = new IdempotencyKey($"k-{Guid.NewGuid()}");

        var first = await fixture.Store.AppendAsync(stream, [new Counted(7)], new AppendOptions { Idempotency = key });
        var again = await fixture.Store.AppendAsync(stream, [new Counted(7)], new AppendOptions { Idempotency = key });
        var immediate = await fixture.Store.AppendImmediateAsync(stream, [new Counted(7)], new AppendOptions { Idempotency = key });

        Assert.True(again.Replayed);
        Assert.True(immediate.Replayed);
        Assert.Equal(first with { Replayed = true }, again);
        Assert.Equal(first with { Replayed = true }, immediate);
        Assert.Single(await fixture.Store.ReadStreamAsync(stream));
    }

    [Fact]
    public async Task reusing_an_idempotency_key_with_a_different_body_is_refused_and_writes_nothing()
    {
        var stream = NewStream();
        var key = $"k-{Guid.NewGuid()}";
        await fixture.Store.AppendAsync(stream, [new Counted(7)], new AppendOptions { Idempotency = new(key) });

        var error = await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() =>
            fixture.Store.AppendAsync(stream, [new Counted(8)], new AppendOptions { Idempotency = new(key) }));

        Assert.Equal(key, error.Key);
        Assert.Single(await fixture.Store.ReadStreamAsync(stream));
    }

    [Fact]
    public async Task a_caller_supplied_fingerprint_decides_what_counts_as_the_same_request()
    {
        var stream = NewStream();
        var key = $"k-{Guid.NewGuid()}";

        // Events carrying server-made values differ between retries; the request fingerprint does not.
        var first = await fixture.Store.AppendAsync(stream, [new Noted(Guid.NewGuid().ToString())], new AppendOptions { Idempotency = new(key, "body-1") });
        var retry = await fixture.Store.AppendAsync(stream, [new Noted(Guid.NewGuid().ToString())], new AppendOptions { Idempotency = new(key, "body-1") });
        await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() =>
            fixture.Store.AppendAsync(stream, [new Noted("x")], new AppendOptions { Idempotency = new(key, "body-2") }));

        Assert.Equal(first.FirstEventId, retry.FirstEventId);
        Assert.Single(await fixture.Store.ReadStreamAsync(stream));
    }

    [Fact]
    public async Task a_replay_aimed_at_another_stream_does_not_create_that_stream()
    {
        var original = NewStream();
        var elsewhere = NewStream();
        var key = new IdempotencyKey($"k-{Guid.NewGuid()}", "request-1");
        var first = await fixture.Store.AppendAsync(original, [new Counted(1)], new AppendOptions { Idempotency = key });

        var replay = await fixture.Store.AppendAsync(elsewhere, [new Counted(1)], new AppendOptions { Idempotency = key });

        Assert.Equal(first with { Replayed = true }, replay);
        Assert.Null(await fixture.Store.ReadStreamVersionAsync(elsewhere));
    }

    [Fact]
    public async Task concurrent_retries_of_one_key_write_it_once()
    {
        var stream = NewStream();
        var key = new IdempotencyKey($"k-{Guid.NewGuid()}");
        await using var otherNode = fixture.CreateStore();

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            (i % 2 == 0 ? fixture.Store : otherNode).AppendAsync(stream, [new Counted(1)], new AppendOptions { Idempotency = key })));

        Assert.Single(results, r => !r.Replayed);
        Assert.Single(results.Select(r => r.FirstSequence).Distinct());
        Assert.Single(await fixture.Store.ReadStreamAsync(stream));
    }

    [Fact]
    public async Task a_refused_append_fails_alone_and_the_rest_of_its_batch_commits()
    {
        await using var store = fixture.CreateStore(o =>
        {
            o.GroupCommit.Writers = 1;
            o.GroupCommit.MaxBatchDelay = TimeSpan.FromMilliseconds(50);
        });
        var conflicted = NewStream();
        await store.AppendAsync(conflicted, [new Counted(0)]);
        var reusedKey = $"k-{Guid.NewGuid()}";
        await store.AppendAsync(NewStream(), [new Counted(0)], new AppendOptions { Idempotency = new(reusedKey) });

        var streams = Enumerable.Range(0, 60).Select(_ => NewStream()).ToArray();
        var good = streams.Select((s, i) => Capture(store.AppendAsync(s, [new Counted(i)]))).ToList();
        var stale = Capture(store.AppendAsync(conflicted, [new Counted(1)], new AppendOptions { Expected = ExpectedVersion.NoStream }));
        var reused = Capture(store.AppendAsync(NewStream(), [new Counted(1)], new AppendOptions { Idempotency = new(reusedKey) }));
        good.AddRange(streams.Select((s, i) => Capture(store.AppendAsync(s, [new Counted(100 + i)]))));

        var outcomes = await Task.WhenAll(good);
        Assert.All(outcomes, o => Assert.Null(o.Error));
        Assert.IsType<ConcurrencyException>((await stale).Error);
        Assert.IsType<IdempotencyKeyReusedException>((await reused).Error);
        Assert.Equal(1, await store.ReadStreamVersionAsync(conflicted));
        foreach (var s in streams) Assert.Equal(2, await store.ReadStreamVersionAsync(s));

        // The appends really shared transactions: fewer transactions than appends.
        var transactions = await CountTransactionsAsync(streams);
        Assert.True(transactions < streams.Length * 2, $"{transactions} transactions for {streams.Length * 2} appends");
    }

    [Fact]
    public async Task data_postgres_refuses_fails_only_its_own_append()
    {
        var streams = Enumerable.Range(0, 30).Select(_ => NewStream()).ToArray();
        var poisoned = NewStream();

        var good = streams.Select(s => Capture(fixture.Store.AppendAsync(s, [new Noted("fine")]))).ToList();
        var bad = Capture(fixture.Store.AppendAsync(poisoned, [new Noted("nul \u0000 char")]));

        Assert.All(await Task.WhenAll(good), o => Assert.Null(o.Error));
        Assert.IsType<InvalidEventException>((await bad).Error);
        Assert.Null(await fixture.Store.ReadStreamVersionAsync(poisoned));
    }

    [Fact]
    public async Task events_of_one_append_take_consecutive_sequence_numbers_in_version_order()
    {
        var stream = NewStream();
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => fixture.Store.AppendAsync(stream, [new Counted(i), new Counted(i)])));

        var events = await fixture.Store.ReadStreamAsync(stream);
        Assert.Equal(40, events.Count);
        Assert.Equal(events.OrderBy(e => e.Sequence).Select(e => e.Version), events.Select(e => e.Version));
        Assert.All(results, r => Assert.Equal(1, r.LastSequence - r.FirstSequence));
    }

    [Fact]
    public async Task a_full_queue_answers_busy_instead_of_growing()
    {
        await using var store = fixture.CreateStore(o =>
        {
            o.GroupCommit.Writers = 1;
            o.GroupCommit.MaxBatchSize = 1;
            o.GroupCommit.MaxQueueLength = 2;
        });
        var stream = NewStream();
        await store.AppendAsync(stream, [new Counted(0)]);

        // Hold the stream row so the only writer blocks inside its transaction.
        await using var blocker = await fixture.DataSource.OpenConnectionAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand($"select 1 from {fixture.Schema}.streams where id = $1 for update", blocker, hold))
        {
            lockRow.Parameters.AddWithValue(stream);
            await lockRow.ExecuteNonQueryAsync();
        }

        var pending = new List<Task<AppendResult>> { store.AppendAsync(stream, [new Counted(1)]) };
        var busy = default(EventStoreBusyException);
        for (var i = 0; i < 50 && busy is null; i++)
        {
            try
            {
                pending.Add(store.AppendAsync(stream, [new Counted(2 + i)]));
            }
            catch (EventStoreBusyException e)
            {
                busy = e;
            }
            await Task.Delay(10);
        }

        Assert.NotNull(busy);
        Assert.True(busy.RetryAfter > TimeSpan.Zero);
        Assert.True(pending.Count <= 4, $"{pending.Count} appends were accepted into a queue of 2");
        await hold.RollbackAsync();
        await Task.WhenAll(pending);
        Assert.Equal(1 + pending.Count, await store.ReadStreamVersionAsync(stream));
    }

    [Fact]
    public async Task refused_and_replayed_appends_leave_no_hole_in_the_log()
    {
        // Tests of one class run one at a time, and this schema is the class's own: nothing else appends meanwhile.
        var stream = NewStream();
        var key = new IdempotencyKey($"k-{Guid.NewGuid()}");
        var before = await fixture.Store.AppendAsync(stream, [new Counted(1)], new AppendOptions { Idempotency = key });

        await Assert.ThrowsAsync<ConcurrencyException>(() =>
            fixture.Store.AppendAsync(stream, [new Counted(2)], new AppendOptions { Expected = ExpectedVersion.Exactly(7) }));
        await fixture.Store.AppendAsync(stream, [new Counted(1)], new AppendOptions { Idempotency = key });
        var after = await fixture.Store.AppendAsync(stream, [new Counted(3)]);

        Assert.Equal(before.LastSequence + 1, after.FirstSequence);
    }

    [Fact]
    public async Task listeners_hear_of_an_append_after_it_commits()
    {
        await using var listener = await fixture.DataSource.OpenConnectionAsync();
        var heard = new List<long>();
        listener.Notification += (_, e) => heard.Add(long.Parse(e.Payload, System.Globalization.CultureInfo.InvariantCulture));
        await using (var listen = new NpgsqlCommand($"listen {fixture.Options.NotificationChannel}", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        var result = await fixture.Store.AppendAsync(NewStream(), [new Counted(1)]);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!heard.Any(s => s >= result.LastSequence)) await listener.WaitAsync(timeout.Token);
    }

    [Fact]
    public async Task an_unreachable_database_is_reported_as_unavailable()
    {
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=nobody;Timeout=2");
        await using var store = new EventStore(dataSource, Microsoft.Extensions.Options.Options.Create(new EventStoreOptions { Schema = fixture.Schema }));

        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.AppendAsync(NewStream(), [new Counted(1)]));
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.ReadStreamAsync(NewStream()));
    }

    private async Task<long> CountTransactionsAsync(string[] streams)
    {
        await using var command = fixture.DataSource.CreateCommand(
            $"select count(distinct tx_id::text) from {fixture.Schema}.events where stream_id = any($1)");
        command.Parameters.AddWithValue(streams);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<Outcome> Capture(Task<AppendResult> append)
    {
        try
        {
            return new Outcome(await append, null);
        }
        catch (EventStoreException e)
        {
            return new Outcome(null, e);
        }
    }

    private sealed record Outcome(AppendResult? Result, Exception? Error);
}
