using CoCreation.Testing;

namespace CoCreation.EventStore.Tests.Reading;

public sealed record Noted(int N);

public sealed class EventFeedTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private EventStore Store => fixture.Store;

    [Fact]
    public async Task a_transaction_still_in_flight_holds_the_feed_at_its_gap_until_it_commits()
    {
        var stream = $"held-{Guid.NewGuid():N}";
        var feed = Store.CreateFeed(await Store.ReadHeadSequenceAsync());

        await using var held = await RawAppender.BeginAsync(Store);
        var heldSequence = (await held.AddAsync(stream + "-a", new Noted(0)))[0];
        var later = new List<long>();
        for (var i = 1; i <= 3; i++) later.Add((await Store.AppendAsync(stream + "-b", [new Noted(i)])).FirstSequence);

        var page = await feed.ReadNextAsync(100);
        Assert.True(page.WaitingOnGap);
        Assert.All(page.Events, e => Assert.True(e.Sequence < heldSequence));
        Assert.Equal(heldSequence - 1, page.Position);

        // However often it is asked, the feed does not step over a gap a live transaction may fill.
        for (var i = 0; i < 5; i++)
        {
            await Task.Delay(50);
            page = await feed.ReadNextAsync(100);
            Assert.Empty(page.Events);
            Assert.True(page.WaitingOnGap);
        }

        await held.CommitAsync();
        var delivered = await ReadUntilAsync(feed, later[^1]);
        Assert.Equal([heldSequence, .. later], delivered.Select(e => e.Sequence));
        Assert.Equal(0, Assert.IsType<Noted>(delivered[0].Data).N);
    }

    [Fact]
    public async Task a_rolled_back_transactions_gap_is_skipped_once_no_older_transaction_is_in_flight()
    {
        var stream = $"rollback-{Guid.NewGuid():N}";
        var feed = Store.CreateFeed(await Store.ReadHeadSequenceAsync());
        long rolledBack;
        await using (var doomed = await RawAppender.BeginAsync(Store))
        {
            rolledBack = (await doomed.AddAsync(stream + "-a", new Noted(0)))[0];
            var after = await Store.AppendAsync(stream + "-b", [new Noted(1)]);
            Assert.True(after.FirstSequence > rolledBack);
            var page = await feed.ReadNextAsync(100);
            Assert.True(page.WaitingOnGap);
            await doomed.RollbackAsync();
        }

        var delivered = await ReadUntilAsync(feed, rolledBack + 1);
        Assert.DoesNotContain(delivered, e => e.Sequence == rolledBack);
        Assert.Contains(delivered, e => e.Sequence == rolledBack + 1);
        Assert.True(feed.Position > rolledBack);
    }

    [Fact]
    public async Task concurrent_writers_with_rollbacks_are_delivered_exactly_once_in_order()
    {
        var start = await Store.ReadHeadSequenceAsync();
        var feed = Store.CreateFeed(start);
        var committed = new System.Collections.Concurrent.ConcurrentBag<long>();
        using var done = new CancellationTokenSource();

        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            for (var i = 0; i < 200; i++)
            {
                await using var append = await RawAppender.BeginAsync(Store);
                var sequences = await append.AddAsync($"writer-{w}-{start}", Enumerable.Range(0, random.Next(1, 3)).Select(n => (object)new Noted(n)).ToArray());
                if (random.Next(4) > 0) await Task.Delay(random.Next(3));
                if (random.Next(10) == 0)
                {
                    await append.RollbackAsync();
                }
                else
                {
                    await append.CommitAsync();
                    foreach (var s in sequences) committed.Add(s);
                }
            }
        })).ToArray();

        var delivered = new List<long>();
        var reading = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                var page = await feed.ReadNextAsync(37);
                delivered.AddRange(page.Events.Select(e => e.Sequence));
                if (page.Events.Count == 0) await Task.Delay(5);
            }
        });

        await Task.WhenAll(writers);
        var expected = committed.Order().ToList();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (feed.Position < expected[^1] && DateTime.UtcNow < deadline) await Task.Delay(20);
        await done.CancelAsync();
        await reading;

        Assert.Equal(expected, delivered);
    }

    private static async Task<List<RecordedEvent>> ReadUntilAsync(EventFeed feed, long sequence)
    {
        var delivered = new List<RecordedEvent>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (feed.Position < sequence)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the feed stayed at {feed.Position}, short of {sequence}");
            var page = await feed.ReadNextAsync(100);
            delivered.AddRange(page.Events);
            if (page.Events.Count == 0) await Task.Delay(20);
        }
        return delivered;
    }
}
