using CoCreation.Testing;

namespace CoCreation.EventStore.Tests.Appending;

public sealed class BulkAppendTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task a_bulk_import_numbers_each_stream_after_its_existing_events()
    {
        var prefix = $"b-{Guid.NewGuid():N}";
        await fixture.Store.AppendAsync($"{prefix}-0", [new Counted(-1)]);
        var rows = Enumerable.Range(0, 2_500).Select(i => new BulkEvent($"{prefix}-{i % 7}", new Counted(i))).ToList();
        var reported = new List<long>();

        var result = await fixture.Store.BulkAppendAsync(rows, chunkSize: 1_000, progress: new SynchronousProgress(reported.Add));

        Assert.Equal(2_500, result.Appended);
        Assert.Equal([1_000L, 2_000L, 2_500L], reported);
        var first = await fixture.Store.ReadStreamAsync($"{prefix}-0");
        Assert.Equal(Enumerable.Range(1, first.Count).Select(v => (long)v), first.Select(e => e.Version));
        Assert.Equal(-1, ((Counted)first[0].Data).N);
        Assert.Equal(rows.Where(r => r.StreamId == $"{prefix}-0").Select(r => ((Counted)r.Data).N), first.Skip(1).Select(e => ((Counted)e.Data).N));
        Assert.Equal(first.OrderBy(e => e.Sequence).Select(e => e.Version), first.Select(e => e.Version));
    }

    [Fact]
    public async Task running_the_same_keyed_import_again_writes_nothing_new()
    {
        var prefix = $"b-{Guid.NewGuid():N}";
        var rows = Enumerable.Range(0, 1_200).Select(i => new BulkEvent($"{prefix}-{i % 3}", new Counted(i), IdempotencyKey: $"{prefix}:{i}")).ToList();

        var first = await fixture.Store.BulkAppendAsync(rows.Take(700), chunkSize: 500);
        var second = await fixture.Store.BulkAppendAsync(rows, chunkSize: 500);

        Assert.Equal(700, first.Appended);
        Assert.Equal(500, second.Appended);
        Assert.Equal(700, second.Skipped);
        var all = (await Task.WhenAll(Enumerable.Range(0, 3).Select(s => fixture.Store.ReadStreamAsync($"{prefix}-{s}")))).SelectMany(e => e).ToList();
        Assert.Equal(Enumerable.Range(0, 1_200), all.Select(e => ((Counted)e.Data).N).Order());
    }

    [Fact]
    public async Task an_imported_key_replays_when_the_same_event_is_appended_later()
    {
        var stream = $"b-{Guid.NewGuid():N}";
        var key = $"{stream}:only";
        await fixture.Store.BulkAppendAsync([new BulkEvent(stream, new Counted(5), key)]);

        var replay = await fixture.Store.AppendAsync(stream, [new Counted(5)], new AppendOptions { Idempotency = new(key) });
        await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() =>
            fixture.Store.AppendAsync(stream, [new Counted(6)], new AppendOptions { Idempotency = new(key) }));

        Assert.True(replay.Replayed);
        Assert.Single(await fixture.Store.ReadStreamAsync(stream));
    }

    [Fact]
    public async Task an_imported_key_with_the_fingerprint_of_the_live_request_replays_that_request()
    {
        var stream = $"b-{Guid.NewGuid():N}";
        var key = $"{stream}:request";
        await fixture.Store.BulkAppendAsync([new BulkEvent(stream, new Counted(5), key, Fingerprint: "request-body-1")]);

        // Another event body, but the request's fingerprint: the caller decides what counts as the same request.
        var replay = await fixture.Store.AppendAsync(stream, [new Counted(50)], new AppendOptions { Idempotency = new(key, "request-body-1") });
        await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() =>
            fixture.Store.AppendAsync(stream, [new Counted(5)], new AppendOptions { Idempotency = new(key, "request-body-2") }));

        Assert.True(replay.Replayed);
        Assert.Single(await fixture.Store.ReadStreamAsync(stream));
    }

    [Fact]
    public async Task the_stored_fingerprints_tell_an_imported_replay_from_a_key_taken_by_another_request()
    {
        var stream = $"b-{Guid.NewGuid():N}";
        await fixture.Store.AppendAsync(stream, [new Counted(1)], new AppendOptions { Idempotency = new($"{stream}:taken", "live") });

        var result = await fixture.Store.BulkAppendAsync([
            new BulkEvent(stream, new Counted(2), $"{stream}:taken", Fingerprint: "import"),
            new BulkEvent(stream, new Counted(3), $"{stream}:new", Fingerprint: "import"),
        ]);
        var stored = await fixture.Store.ReadFingerprintsAsync([$"{stream}:taken", $"{stream}:new", $"{stream}:never"]);

        Assert.Equal((1L, 1L), (result.Appended, result.Skipped));
        Assert.Equal(new Dictionary<string, string> { [$"{stream}:taken"] = "live", [$"{stream}:new"] = "import" }, stored);
        Assert.Equal([1, 3], (await fixture.Store.ReadStreamAsync(stream)).Select(e => ((Counted)e.Data).N));
    }

    [Fact]
    public async Task duplicate_keys_inside_one_import_are_written_once()
    {
        var stream = $"b-{Guid.NewGuid():N}";
        var rows = Enumerable.Range(0, 10).Select(i => new BulkEvent(stream, new Counted(i % 2), IdempotencyKey: $"{stream}:{i % 2}"));

        var result = await fixture.Store.BulkAppendAsync(rows);

        Assert.Equal(2, result.Appended);
        Assert.Equal(8, result.Skipped);
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
