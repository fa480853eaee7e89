using CoCreation.EventStore.Projections;
using CoCreation.Testing;

namespace CoCreation.EventStore.Tests.Projections;

public sealed class DocumentProjectionTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private EventStore Store => fixture.Store;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    [Fact]
    public async Task a_durable_projection_applies_events_and_checkpoints_its_position()
    {
        var name = Unique("counter");
        var streams = Enumerable.Range(0, 3).Select(i => $"{name}-s{i}").ToList();
        var head = await Daemons.AppendCountsAsync(Store, streams, 7);
        var daemon = Daemons.Create(Store, [new StreamCounter(name)]);
        await daemon.StartAsync(CancellationToken.None);
        try
        {
            await daemon.WaitAsync(name, head);
            var reader = new DocumentReader(Store);
            var documents = await reader.ListAsync<StreamCount>(name);
            Assert.Equal(streams, documents.Select(d => d.Id));
            Assert.All(documents, d => Assert.Equal(new StreamCount(d.Id, 7, 21, 0), d));
            Assert.Equal(documents[1], await reader.LoadAsync<StreamCount>(streams[1]));

            var status = Assert.Single(await daemon.GetStatusAsync());
            Assert.True(status.IsActive);
            Assert.Equal(ProjectionKind.Document, status.Kind);
            Assert.True(status.Position >= head);
            Assert.NotNull(status.LastAppliedAt);
        }
        finally
        {
            await daemon.StopAsync();
        }
    }

    [Fact]
    public async Task a_throwing_handler_dead_letters_its_event_while_later_events_still_apply()
    {
        var name = Unique("poison");
        var stream = $"{name}-s";
        await Store.AppendAsync(stream, [new Counted(1), new Counted(2)]);
        var poison = (await Store.AppendAsync(stream + "-bad", [new Poisoned("bad data")])).FirstSequence;
        var head = (await Store.AppendAsync(stream, [new Counted(3)])).LastSequence;

        var daemon = Daemons.Create(Store, [new StreamCounter(name)]);
        await daemon.StartAsync(CancellationToken.None);
        try
        {
            await daemon.WaitAsync(name, head);
            Assert.Equal(new StreamCount(stream, 3, 6, 0), await new DocumentReader(Store).LoadAsync<StreamCount>(stream));
            Assert.Equal(1, Assert.Single(await daemon.GetStatusAsync()).DeadLetters);

            await using var command = Store.DataSource.CreateCommand(
                $"select seq_id, event_type, error from {Store.Schema}.dead_letters where projection = $1");
            command.Parameters.AddWithValue(name);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(poison, reader.GetInt64(0));
            Assert.Equal("poisoned", reader.GetString(1));
            Assert.Contains("bad data", reader.GetString(2), StringComparison.Ordinal);
        }
        finally
        {
            await daemon.StopAsync();
        }
    }

    [Fact]
    public async Task a_rebuild_replays_to_the_same_documents_in_a_new_generation()
    {
        var name = Unique("rebuild");
        var streams = Enumerable.Range(0, 4).Select(i => $"{name}-s{i}").ToList();
        var head = await Daemons.AppendCountsAsync(Store, streams, 12);
        var daemon = Daemons.Create(Store, [new StreamCounter(name)]);
        await daemon.StartAsync(CancellationToken.None);
        try
        {
            await daemon.WaitAsync(name, head);
            var reader = new DocumentReader(Store);
            var before = await reader.ListAsync<StreamCount>(name);
            var generation = Assert.Single(await daemon.GetStatusAsync()).Generation;

            await daemon.RequestRebuildAsync(name);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Assert.Single(await daemon.GetStatusAsync()).Generation == generation)
            {
                Assert.True(DateTime.UtcNow < deadline, "the rebuild never started");
                await Task.Delay(50);
            }
            await daemon.WaitAsync(name, head);

            Assert.Equal(before, await reader.ListAsync<StreamCount>(name));
        }
        finally
        {
            await daemon.StopAsync();
        }
    }

    [Fact]
    public async Task an_event_appended_to_an_idle_daemon_is_applied()
    {
        var name = Unique("idle");
        var daemon = Daemons.Create(Store, [new StreamCounter(name)], configure: o => o.IdlePollInterval = TimeSpan.FromSeconds(5));
        await daemon.StartAsync(CancellationToken.None);
        try
        {
            await daemon.WaitAsync(name, await Store.ReadHeadSequenceAsync());
            var sequence = (await Store.AppendAsync($"{name}-s", [new Counted(5)])).FirstSequence;
            await daemon.WaitAsync(name, sequence);
            Assert.Equal(new StreamCount($"{name}-s", 1, 5, 0), await new DocumentReader(Store).LoadAsync<StreamCount>($"{name}-s"));
        }
        finally
        {
            await daemon.StopAsync();
        }
    }
}
