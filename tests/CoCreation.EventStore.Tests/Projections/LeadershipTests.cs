using CoCreation.EventStore.Projections;
using CoCreation.Testing;

namespace CoCreation.EventStore.Tests.Projections;

public sealed class LeadershipTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private EventStore Store => fixture.Store;

    [Fact]
    public async Task two_daemons_on_one_schema_run_each_projection_once_and_the_standby_takes_over()
    {
        var name = $"lead-{Guid.NewGuid():N}"[..20];
        var streams = Enumerable.Range(0, 5).Select(i => $"{name}-s{i}").ToList();
        var first = Daemons.Create(Store, [new StreamCounter(name)]);
        var second = Daemons.Create(Store, [new StreamCounter(name)]);
        await first.StartAsync(CancellationToken.None);
        await second.StartAsync(CancellationToken.None);
        try
        {
            var head = await Daemons.AppendCountsAsync(Store, streams, 20);
            await first.WaitAsync(name, head);
            var active = await ActiveAsync(first, second, name);

            // Kill the leader's lock connection: it must notice and stand down; someone leads again.
            await ProjectionLocks.TerminateHolderAsync(Store, name);
            head = await Daemons.AppendCountsAsync(Store, streams, 20);
            await first.WaitAsync(name, head);
            active = await ActiveAsync(first, second, name);

            // Stop the leader outright: the other one takes over and finishes.
            var survivor = active == first ? second : first;
            await active.StopAsync();
            head = await Daemons.AppendCountsAsync(Store, streams, 20);
            await survivor.WaitAsync(name, head);
            Assert.Same(survivor, await ActiveAsync(survivor, survivor, name));
        }
        finally
        {
            await first.StopAsync(CancellationToken.None);
            await second.StopAsync(CancellationToken.None);
        }

        var documents = await new DocumentReader(Store).ListAsync<StreamCount>(name);
        Assert.Equal(streams, documents.Select(d => d.Id));
        Assert.All(documents, d => Assert.Equal(0, d.OutOfOrder));
        // Each stream got three rounds of 0..19.
        Assert.All(documents, d => Assert.Equal(new StreamCount(d.Id, 60, 3 * 190, 0), d));
    }

    /// <summary>
    /// Waits until exactly one of the daemons leads <paramref name="name"/>, and returns it. Right after the leader's lock
    /// connection is killed both say they lead until the old leader's next lease check (every 200 ms here) notices; the
    /// progression check fences its writes meanwhile, which the documents checked at the end prove. Both leading for
    /// longer than many checks fails.
    /// </summary>
    private static async Task<ProjectionDaemon> ActiveAsync(ProjectionDaemon first, ProjectionDaemon second, string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        DateTime? bothSince = null;
        while (true)
        {
            var a = (await first.GetStatusAsync()).Single(s => s.Name == name).IsActive;
            var b = (await second.GetStatusAsync()).Single(s => s.Name == name).IsActive;
            if (a && b && first != second)
            {
                bothSince ??= DateTime.UtcNow;
                Assert.True(DateTime.UtcNow - bothSince < TimeSpan.FromSeconds(5), "two daemons have led one projection for 5 s");
            }
            else if (a) return first;
            else if (b) return second;
            else bothSince = null;
            Assert.True(DateTime.UtcNow < deadline, "no single daemon leads the projection");
            await Task.Delay(50);
        }
    }
}
