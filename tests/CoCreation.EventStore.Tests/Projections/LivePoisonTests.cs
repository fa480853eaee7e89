using CoCreation.EventStore.Projections;
using CoCreation.Testing;

namespace CoCreation.EventStore.Tests.Projections;

public sealed class LivePoisonTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private EventStore Store => fixture.Store;

    [Fact]
    public async Task a_live_projection_that_throws_on_an_event_steps_over_it_the_leader_dead_letters_it_and_every_node_equals_a_replay_without_it()
    {
        var name = $"lpoison-{Guid.NewGuid():N}"[..20];
        var streams = Enumerable.Range(0, 3).Select(i => $"{name}-s{i}").ToList();
        await Daemons.AppendCountsAsync(Store, streams, 4, perTransaction: 1);
        var poison = (await Store.AppendAsync($"{name}-bad", [new Poisoned("bad data")])).FirstSequence;
        var head = await Daemons.AppendCountsAsync(Store, streams, 6, perTransaction: 1);

        // The failing page takes longer than the snapshot interval: a snapshot then would hold half a page.
        var leaderView = new LiveLog(name, name, failSlowly: TimeSpan.FromMilliseconds(1500));
        var leader = Daemons.Create(Store, live: [leaderView], configure: o =>
        {
            o.PageSize = 10;
            o.SnapshotEveryEvents = 1_000_000;
            o.SnapshotInterval = TimeSpan.FromSeconds(1);
        });
        await leader.StartAsync(CancellationToken.None);
        try
        {
            await leader.WaitAsync(name, head);
            var expected = await Daemons.CountedSequencesAsync(Store, streams);
            Assert.Equal(expected, leaderView.Applied);
            Assert.Equal([poison], await DeadLetteredAsync(name));

            // A node starting later (from the leader's snapshot, if any) reaches the same state; nothing new is dead-lettered.
            head = await Daemons.AppendCountsAsync(Store, streams, 2, perTransaction: 1);
            var nodeView = new LiveLog(name, name);
            var node = Daemons.Create(Store, live: [nodeView], configure: o => o.PageSize = 10);
            await node.StartAsync(CancellationToken.None);
            await node.WaitAsync(name, head);
            await leader.WaitAsync(name, head);
            await Daemons.StopAsync(node);

            expected = await Daemons.CountedSequencesAsync(Store, streams);
            Assert.Equal(expected, nodeView.Applied);
            Assert.Equal(expected, leaderView.Applied);
            Assert.Equal([poison], await DeadLetteredAsync(name));
            Assert.Equal(1, (await leader.GetStatusAsync()).Single().DeadLetters);
        }
        finally
        {
            await Daemons.StopAsync(leader);
        }
    }

    private async Task<List<long>> DeadLetteredAsync(string name)
    {
        // The leader writes dead letters after the page that found them; give it a moment.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var command = Store.DataSource.CreateCommand($"select seq_id from {fixture.Schema}.dead_letters where projection = $1 order by seq_id");
            command.Parameters.AddWithValue(name);
            var sequences = new List<long>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync()) sequences.Add(reader.GetInt64(0));
            }
            if (sequences.Count > 0 || DateTime.UtcNow > deadline) return sequences;
            await Task.Delay(50);
        }
    }
}
