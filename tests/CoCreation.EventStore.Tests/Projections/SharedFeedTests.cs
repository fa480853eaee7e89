using System.Collections.Concurrent;
using CoCreation.EventStore.Projections;
using CoCreation.EventStore.Tests.Reading;
using CoCreation.Testing;

namespace CoCreation.EventStore.Tests.Projections;

/// <summary>The daemon's one reader of the log, fanned out to subscribers that each keep their own position.</summary>
public sealed class SharedFeedTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private EventStore Store => fixture.Store;

    private static ProjectionDaemonOptions Options => new()
    {
        PageSize = 37,
        IdlePollInterval = TimeSpan.FromMilliseconds(40),
        GapPollInterval = TimeSpan.FromMilliseconds(10),
    };

    [Fact]
    public async Task every_subscriber_gets_every_committed_event_exactly_once_in_order_under_concurrent_writers_with_rollbacks()
    {
        var start = await Store.ReadHeadSequenceAsync();
        var changes = new Signal();
        var shared = new SharedFeed(Store, Options, changes);
        var committed = new ConcurrentBag<long>();

        var writers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            for (var i = 0; i < 120; i++)
            {
                await using var append = await RawAppender.BeginAsync(Store);
                var sequences = await append.AddAsync($"shared-{w}-{start}", Enumerable.Range(0, random.Next(1, 3)).Select(n => (object)new Reading.Noted(n)).ToArray());
                // Held open a moment now and then, so later transactions commit above its sequence numbers first.
                if (random.Next(3) == 0) await Task.Delay(random.Next(1, 6));
                if (random.Next(10) == 0)
                {
                    await append.RollbackAsync();
                }
                else
                {
                    await append.CommitAsync();
                    foreach (var s in sequences) committed.Add(s);
                }
                changes.Pulse();
            }
        })).ToArray();

        // Three subscribers at the head, one far behind the window (it reads on its own, then joins).
        var subscribers = new[] { start, start, start, 0L }.Select(p => (Subscription: shared.Subscribe(p), Delivered: new List<long>())).ToArray();
        using var done = new CancellationTokenSource();
        var readers = subscribers.Select(s => Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                var page = await s.Subscription.ReadNextAsync(50, CancellationToken.None);
                s.Delivered.AddRange(page.Events.Select(e => e.Sequence));
                if (page.Events.Count == 0) await Task.Delay(5);
            }
        })).ToArray();

        await Task.WhenAll(writers);
        var expected = committed.Order().ToList();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (subscribers.Any(s => s.Subscription.Position < expected[^1]) && DateTime.UtcNow < deadline) await Task.Delay(20);
        await done.CancelAsync();
        await Task.WhenAll(readers);

        foreach (var (subscription, delivered) in subscribers)
        {
            Assert.Equal(delivered.Order().Distinct(), delivered);
            Assert.Equal(expected, delivered.Where(s => s > start));
        }
    }

    [Fact]
    public async Task a_backlog_of_many_pages_is_read_page_after_page_without_waiting_for_notifications_or_polls()
    {
        var start = await Store.ReadHeadSequenceAsync();
        var stream = $"backlog-{Guid.NewGuid():N}";
        await Store.AppendAsync(stream, Enumerable.Range(0, 5 * 37 + 3).Select(n => (object)new Reading.Noted(n)).ToArray());
        var expected = Enumerable.Range(0, 5 * 37 + 3).ToList();
        // No notification ever comes and the poll interval is an hour: a page per notification or poll would stall.
        var options = Options;
        options.IdlePollInterval = TimeSpan.FromHours(1);
        var shared = new SharedFeed(Store, options, new Signal());
        var subscription = shared.Subscribe(start);

        // Holes that earlier tests' rollbacks left below the backlog are proven empty within the gap interval; the
        // deadline is far beyond that and far below the hour a stalled read would wait.
        var delivered = new List<int>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (delivered.Count < expected.Count && DateTime.UtcNow < deadline)
        {
            var page = await subscription.ReadNextAsync(37, CancellationToken.None);
            delivered.AddRange(page.Events.Where(e => e.StreamId == stream).Select(e => ((Reading.Noted)e.Data).N));
            if (page.Events.Count == 0) await Task.Delay(5);
        }

        Assert.Equal(expected, delivered);
    }

    [Fact]
    public async Task a_subscriber_that_starts_over_from_an_older_position_gets_the_events_after_it_while_the_others_go_on()
    {
        var stream = $"restart-{Guid.NewGuid():N}";
        var start = await Store.ReadHeadSequenceAsync();
        var first = await Store.AppendAsync(stream, [.. Enumerable.Range(0, 30).Select(n => (object)new Reading.Noted(n))]);
        var shared = new SharedFeed(Store, Options, new Signal());
        var steady = shared.Subscribe(start);
        var failing = shared.Subscribe(start);

        var steadyDelivered = await ReadUntilAsync(steady, first.LastSequence);
        var beforeFailure = await ReadUntilAsync(failing, first.LastSequence);
        // It failed after applying only the first ten events (its snapshot), so it starts over from the tenth.
        var checkpoint = beforeFailure[9];
        var second = await Store.AppendAsync(stream, [.. Enumerable.Range(30, 30).Select(n => (object)new Reading.Noted(n))]);
        var restarted = shared.Subscribe(checkpoint);

        var afterRestart = await ReadUntilAsync(restarted, second.LastSequence);
        steadyDelivered.AddRange(await ReadUntilAsync(steady, second.LastSequence));

        var all = (await Store.ReadStreamAsync(stream)).Select(e => e.Sequence).ToList();
        Assert.Equal(all, steadyDelivered);
        Assert.Equal(all.Where(s => s > checkpoint), afterRestart);
    }

    private static async Task<List<long>> ReadUntilAsync(FeedSubscription subscription, long sequence)
    {
        var delivered = new List<long>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (subscription.Position < sequence)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the subscription stayed at {subscription.Position}, short of {sequence}");
            var page = await subscription.ReadNextAsync(7, CancellationToken.None);
            delivered.AddRange(page.Events.Select(e => e.Sequence));
            if (page.Events.Count == 0) await Task.Delay(10);
        }
        return delivered;
    }
}
