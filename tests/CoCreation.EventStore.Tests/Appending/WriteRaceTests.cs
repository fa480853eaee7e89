using CoCreation.EventStore.Tests.Reading;
using CoCreation.Testing;
using Npgsql;

namespace CoCreation.EventStore.Tests.Appending;

/// <summary>
/// Appends write each key, stream and event once, after looking up what is stored; these tests put a concurrent
/// transaction's uncommitted row exactly in the gap between the look-up and the write.
/// </summary>
public sealed class WriteRaceTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private static string NewStream() => $"race-{Guid.NewGuid():N}";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task a_key_another_transaction_stores_after_the_append_looked_is_replayed_or_refused_never_written_twice(bool sameBody)
    {
        var stream = NewStream();
        var key = $"k-{Guid.NewGuid()}";
        var originalEvent = Guid.CreateVersion7();
        await using var other = await BeginAsync();
        await ExecuteAsync(other,
            $"insert into {fixture.Schema}.idempotency_keys (key, fingerprint, stream_id, stream_version, first_seq, last_seq, first_event_id) values ($1, 'fp-original', 'elsewhere', 3, 41, 42, $2)",
            key, originalEvent);

        var append = fixture.Store.AppendAsync(stream, [new Counted(1)],
            new AppendOptions { Idempotency = new(key, sameBody ? "fp-original" : "fp-other") });
        await WaitUntilBlockedAsync("insert into %idempotency_keys%");
        await other.Transaction.CommitAsync();

        if (sameBody)
        {
            var result = await append;
            Assert.Equal(new AppendResult("elsewhere", 3, 41, 42, originalEvent, Replayed: true), result);
        }
        else
        {
            await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() => append);
        }
        Assert.Empty(await fixture.Store.ReadStreamAsync(stream));
        Assert.Null(await fixture.Store.ReadStreamVersionAsync(stream));
    }

    [Fact]
    public async Task an_append_to_a_stream_another_transaction_creates_meanwhile_goes_after_its_events_instead_of_failing()
    {
        var stream = NewStream();
        await using var other = await RawAppender.BeginAsync(fixture.Store);
        await other.AddAsync(stream, new Counted(1));

        var append = fixture.Store.AppendAsync(stream, [new Counted(2)]);
        await WaitUntilBlockedAsync("insert into %streams%");
        await other.CommitAsync();

        var result = await append;
        Assert.Equal(2, result.StreamVersion);
        var events = await fixture.Store.ReadStreamAsync(stream);
        Assert.Equal([1, 2], events.Select(e => ((Counted)e.Data).N));
        Assert.Equal([1L, 2L], events.Select(e => e.Version));
    }

    [Fact]
    public async Task a_key_another_transaction_stores_while_a_bulk_chunk_is_written_is_skipped_not_imported_twice()
    {
        var stream = NewStream();
        var key = $"k-{Guid.NewGuid()}";
        await using var other = await BeginAsync();
        await ExecuteAsync(other,
            $"insert into {fixture.Schema}.idempotency_keys (key, fingerprint, stream_id, stream_version, first_seq, last_seq, first_event_id) values ($1, 'fp', 'elsewhere', 1, 7, 7, $2)",
            key, Guid.CreateVersion7());

        var bulk = fixture.Store.BulkAppendAsync([new BulkEvent(stream, new Counted(1), key), new BulkEvent(stream, new Counted(2))]);
        await WaitUntilBlockedAsync("copy %idempotency_keys%");
        await other.Transaction.CommitAsync();

        var result = await bulk;
        Assert.Equal(1, result.Appended);
        Assert.Equal(1, result.Skipped);
        Assert.Equal([2], (await fixture.Store.ReadStreamAsync(stream)).Select(e => ((Counted)e.Data).N));
    }

    [Fact]
    public async Task appends_sharing_a_key_in_one_batch_write_once_replay_the_first_and_refuse_another_body()
    {
        await using var store = fixture.CreateStore(o =>
        {
            o.GroupCommit.Writers = 1;
            o.GroupCommit.MaxBatchDelay = TimeSpan.FromMilliseconds(50);
        });
        // The only writer is held up on a locked stream while the three appends queue behind it, so they share the next batch.
        var blocker = NewStream();
        await store.AppendAsync(blocker, [new Counted(0)]);
        await using var holder = await BeginAsync();
        await ExecuteAsync(holder, $"select 1 from {fixture.Schema}.streams where id = $1 for update", blocker);
        var held = store.AppendAsync(blocker, [new Counted(1)]);
        await WaitUntilBlockedAsync("select s.id, s.version from %streams%");

        var stream = NewStream();
        var key = new IdempotencyKey($"k-{Guid.NewGuid()}");
        var first = store.AppendAsync(stream, [new Counted(1)], new AppendOptions { Idempotency = key });
        var again = store.AppendAsync(stream, [new Counted(1)], new AppendOptions { Idempotency = key });
        var changed = store.AppendAsync(stream, [new Counted(2)], new AppendOptions { Idempotency = key });
        await holder.Transaction.CommitAsync();
        await held;

        var written = await first;
        Assert.False(written.Replayed);
        Assert.Equal(written with { Replayed = true }, await again);
        await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() => changed);
        Assert.Equal([1], (await store.ReadStreamAsync(stream)).Select(e => ((Counted)e.Data).N));
        // And across batches: the same key later replays the stored result, or is refused with another body.
        Assert.Equal(written with { Replayed = true }, await store.AppendAsync(stream, [new Counted(1)], new AppendOptions { Idempotency = key }));
        await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() => store.AppendAsync(stream, [new Counted(3)], new AppendOptions { Idempotency = key }));
    }

    private sealed record Open(NpgsqlConnection Connection, NpgsqlTransaction Transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }

    private async Task<Open> BeginAsync()
    {
        var connection = await fixture.DataSource.OpenConnectionAsync();
        return new Open(connection, await connection.BeginTransactionAsync());
    }

    private static async Task ExecuteAsync(Open open, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, open.Connection, open.Transaction);
        foreach (var p in parameters) command.Parameters.AddWithValue(p);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Waits until a session of this schema waits on a lock in a statement like <paramref name="pattern"/>.</summary>
    private async Task WaitUntilBlockedAsync(string pattern)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        await using var command = fixture.DataSource.CreateCommand(
            "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query ilike $1 and query like $2");
        command.Parameters.AddWithValue(pattern);
        command.Parameters.AddWithValue($"%{fixture.Schema}.%");
        while ((long)(await command.ExecuteScalarAsync())! == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no session waited on a lock in '{pattern}'");
            await Task.Delay(10);
        }
    }
}
