using CoCreation.Testing;

namespace CoCreation.EventStore.Tests.Projections;

public sealed class LiveProjectionTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private EventStore Store => fixture.Store;

    [Fact]
    public async Task a_node_restores_the_snapshot_and_replays_the_tail_to_the_state_of_a_full_replay()
    {
        var name = $"live-{Guid.NewGuid():N}"[..20];
        var streams = Enumerable.Range(0, 4).Select(i => $"{name}-s{i}").ToList();
        var leaderView = new LiveCounter(name, name);
        var leader = Daemons.Create(Store, live: [leaderView], configure: o => o.SnapshotEveryEvents = 10);
        await leader.StartAsync(CancellationToken.None);
        try
        {
            var head = await Daemons.AppendCountsAsync(Store, streams, 30);
            await leader.WaitAsync(name, head);
            await WaitForSnapshotAsync(name);
            var tail = await Daemons.AppendCountsAsync(Store, streams, 5);

            var nodeView = new LiveCounter(name, name);
            var node = Daemons.Create(Store, live: [nodeView]);
            await node.StartAsync(CancellationToken.None);
            await node.WaitAsync(name, tail);
            await leader.WaitAsync(name, tail);
            await node.StopAsync();

            var expected = streams.ToDictionary(s => s, _ => 35);
            Assert.Equal(expected, nodeView.Counts);
            Assert.Equal(expected, leaderView.Counts);
            Assert.Equal(1, nodeView.Restores);
            Assert.True(nodeView.EventsApplied < 4 * 35, "the node replayed the whole log instead of the tail");
        }
        finally
        {
            await leader.StopAsync();
        }
    }

    [Fact]
    public async Task a_rebuild_moves_every_node_to_a_new_generation_with_the_same_state()
    {
        var name = $"relive-{Guid.NewGuid():N}"[..20];
        var streams = Enumerable.Range(0, 3).Select(i => $"{name}-s{i}").ToList();
        var view = new LiveCounter(name, name);
        var daemon = Daemons.Create(Store, live: [view], configure: o => o.SnapshotEveryEvents = 10);
        await daemon.StartAsync(CancellationToken.None);
        try
        {
            var head = await Daemons.AppendCountsAsync(Store, streams, 10);
            await daemon.WaitAsync(name, head);
            var generation = (await daemon.GetStatusAsync()).Single().Generation;

            await daemon.RequestRebuildAsync(name);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await daemon.GetStatusAsync()).Single().Generation == generation)
            {
                Assert.True(DateTime.UtcNow < deadline, "the rebuild never happened");
                await Task.Delay(50);
            }
            await daemon.WaitAsync(name, head);
            Assert.Equal(streams.ToDictionary(s => s, _ => 10), view.Counts);
        }
        finally
        {
            await daemon.StopAsync();
        }
    }

    private async Task WaitForSnapshotAsync(string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var command = Store.DataSource.CreateCommand($"select count(*) from {Store.Schema}.snapshots where name = $1");
            command.Parameters.AddWithValue(name);
            if ((long)(await command.ExecuteScalarAsync())! > 0) return;
            Assert.True(DateTime.UtcNow < deadline, "the leader never took a snapshot");
            await Task.Delay(50);
        }
    }
}
