using System.Collections.Concurrent;
using CoCreation.EventStore.Projections;
using CoCreation.Testing;

namespace CoCreation.EventStore.Tests.Projections;

public sealed class TwoNodeTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private EventStore Store => fixture.Store;

    [Fact]
    public async Task two_nodes_under_concurrent_appends_lead_each_projection_one_at_a_time_hand_over_when_the_leaders_lock_dies_and_end_exact()
    {
        var name = $"two-{Guid.NewGuid():N}"[..16];
        var document = name + "-doc";
        var live = name + "-live";
        var streams = Enumerable.Range(0, 4).Select(i => $"{name}-s{i}").ToList();
        await using var nodeA = new Node(fixture.Schema);
        await using var nodeB = new Node(fixture.Schema);
        var viewA = new LiveLog(live, name);
        var viewB = new LiveLog(live, name);
        // A notices a lost lock slowly and retries slowly; B stands by eagerly: after a kill, B takes over.
        var a = Daemons.Create(nodeA.Store, [new SequenceLog(document, TimeSpan.FromMilliseconds(1))], [viewA], o =>
        {
            o.PageSize = 10;
            o.LeaseCheckInterval = TimeSpan.FromSeconds(2);
            o.StandbyRetryInterval = TimeSpan.FromSeconds(2);
            o.SnapshotEveryEvents = 25;
        });
        var b = Daemons.Create(nodeB.Store, [new SequenceLog(document, TimeSpan.FromMilliseconds(1))], [viewB], o =>
        {
            o.PageSize = 10;
            o.StandbyRetryInterval = TimeSpan.FromMilliseconds(100);
            o.SnapshotEveryEvents = 25;
        });

        var violations = new ConcurrentQueue<string>();
        // Projections whose leader's lock was killed and that has not yet noticed: it may still think it leads.
        var unaware = new ConcurrentDictionary<string, ProjectionDaemon>();
        using var stop = new CancellationTokenSource();
        var sampling = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var statusA = (await a.GetStatusAsync()).ToDictionary(s => s.Name, s => s.IsActive);
                var statusB = (await b.GetStatusAsync()).ToDictionary(s => s.Name, s => s.IsActive);
                foreach (var projection in new[] { document, live })
                {
                    if (unaware.TryGetValue(projection, out var killed) && !(killed == a ? statusA : statusB)[projection])
                    {
                        unaware.TryRemove(projection, out _);
                    }
                    if (statusA[projection] && statusB[projection] && !unaware.ContainsKey(projection))
                    {
                        violations.Enqueue($"both nodes lead {projection}");
                    }
                }
                await Task.Delay(10);
            }
        });

        await a.StartAsync(CancellationToken.None);
        await LeaderAsync(a, a, document);
        await LeaderAsync(a, a, live);
        await b.StartAsync(CancellationToken.None);

        var appending = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            for (var i = 0; i < 100; i++)
            {
                var events = Enumerable.Range(0, random.Next(1, 4)).Select(n => (object)new Counted(n)).ToArray();
                await Store.AppendAsync(streams[random.Next(streams.Count)], events);
                await Task.Delay(random.Next(5));
            }
        })).ToArray();

        try
        {
            await Task.Delay(300);
            // Kill the leader's lock connection until the other node has taken over (almost always the first time).
            var tookOver = false;
            for (var attempt = 0; attempt < 5 && !tookOver; attempt++)
            {
                var leader = await LeaderAsync(a, b, document);
                unaware[document] = leader;
                unaware[live] = leader;
                await ProjectionLocks.TerminateHolderAsync(Store, document);
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (unaware.ContainsKey(document) || unaware.ContainsKey(live))
                {
                    Assert.True(DateTime.UtcNow < deadline, "the killed leader never noticed");
                    await Task.Delay(20);
                }
                var next = await LeaderAsync(a, b, document);
                tookOver = next != leader;
            }
            Assert.True(tookOver, "the standby never took over");

            await Task.WhenAll(appending);
            var head = await Store.ReadHeadSequenceAsync();
            Assert.True(await a.WaitForPositionAsync(null, head, TimeSpan.FromSeconds(60)), "node A did not catch up");
            Assert.True(await b.WaitForPositionAsync(null, head, TimeSpan.FromSeconds(60)), "node B did not catch up");
        }
        finally
        {
            await stop.CancelAsync();
            await sampling;
            await Daemons.StopAsync(a);
            await Daemons.StopAsync(b);
        }

        Assert.Empty(violations);
        var expected = await Daemons.CountedSequencesAsync(Store, streams);
        var documents = await new DocumentReader(Store).ListAsync<AppliedLog>(name);
        Assert.Equal(expected, documents.ToDictionary(d => d.Id, d => d.Sequences));
        Assert.Equal(expected, viewA.Applied);
        Assert.Equal(expected, viewB.Applied);
    }

    /// <summary>Waits until <paramref name="first"/> or <paramref name="second"/> leads <paramref name="projection"/>, and returns it.</summary>
    private static async Task<ProjectionDaemon> LeaderAsync(ProjectionDaemon first, ProjectionDaemon second, string projection)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if ((await first.GetStatusAsync()).Single(s => s.Name == projection).IsActive) return first;
            if ((await second.GetStatusAsync()).Single(s => s.Name == projection).IsActive) return second;
            Assert.True(DateTime.UtcNow < deadline, $"nobody leads {projection}");
            await Task.Delay(20);
        }
    }
}
