using CoCreation.EventStore.Projections;
using CoCreation.Testing;

namespace CoCreation.EventStore.Tests.Projections;

public sealed class DaemonPlumbingTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private EventStore Store => fixture.Store;

    [Fact]
    public async Task nodes_reading_a_new_projections_progress_at_the_same_moment_all_get_its_row()
    {
        for (var round = 0; round < 20; round++)
        {
            var name = $"fresh-{Guid.NewGuid():N}";
            var rows = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Progression.ReadAsync(Store, name, CancellationToken.None))));
            Assert.All(rows, r => Assert.Equal((0L, 0, false), (r.Position, r.Generation, r.RebuildRequested)));
        }
    }

    [Fact]
    public async Task an_idle_daemon_whose_listen_connection_was_killed_reconnects_and_wakes_on_the_next_append()
    {
        var name = $"listen-{Guid.NewGuid():N}"[..20];
        // Polling alone would take ten minutes: only a notification can wake the daemon in time.
        var daemon = Daemons.Create(Store, [new SequenceLog(name, TimeSpan.Zero)], configure: o => o.IdlePollInterval = TimeSpan.FromMinutes(10));
        await daemon.StartAsync(CancellationToken.None);
        try
        {
            await daemon.WaitAsync(name, (await Store.AppendAsync($"{name}-s", [new Counted(1)])).LastSequence);
            await KillListenerAsync();

            var sequence = (await Store.AppendAsync($"{name}-s", [new Counted(2)])).LastSequence;
            await daemon.WaitAsync(name, sequence);
            var log = await new DocumentReader(Store).LoadAsync<AppliedLog>($"{name}-s");
            Assert.Equal(2, log!.Sequences.Count);
        }
        finally
        {
            await Daemons.StopAsync(daemon);
        }
    }

    private async Task KillListenerAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var command = Store.DataSource.CreateCommand(
                "select count(pg_terminate_backend(pid)) from pg_stat_activity where query = $1");
            command.Parameters.AddWithValue($"listen {Store.Options.NotificationChannel}");
            if ((long)(await command.ExecuteScalarAsync())! == 1) return;
            Assert.True(DateTime.UtcNow < deadline, "no listener to kill");
            await Task.Delay(20);
        }
    }
}
