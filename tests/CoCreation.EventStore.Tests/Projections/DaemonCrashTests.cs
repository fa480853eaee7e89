using CoCreation.EventStore.Projections;
using CoCreation.Testing;

namespace CoCreation.EventStore.Tests.Projections;

public sealed class DaemonCrashTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private EventStore Store => fixture.Store;

    [Fact]
    public async Task stopping_and_crashing_a_slow_daemon_mid_page_over_and_over_converges_to_each_event_applied_exactly_once()
    {
        var name = $"crash-{Guid.NewGuid():N}"[..20];
        var streams = Enumerable.Range(0, 6).Select(i => $"{name}-s{i}").ToList();
        var random = new Random();
        var head = await Daemons.AppendCountsAsync(Store, streams, 40, perTransaction: 2);
        var kills = 0;

        for (var round = 0; round < 8; round++)
        {
            await using var node = new Node(fixture.Schema);
            var daemon = Daemons.Create(node.Store, [new SequenceLog(name, TimeSpan.FromMilliseconds(3))], configure: o => o.PageSize = 7);
            await daemon.StartAsync(CancellationToken.None);
            // More events arrive while the daemon works.
            var appending = Daemons.AppendCountsAsync(Store, streams, 4, perTransaction: 1);
            await Task.Delay(random.Next(30, 250));
            if (round % 2 == 1)
            {
                // A crash as PostgreSQL sees it: the sessions holding page transactions die mid-page.
                var deadline = DateTime.UtcNow.AddSeconds(30);
                int killed;
                while ((killed = await node.KillOpenTransactionsAsync(Store)) == 0 && !await CaughtUpAsync(name, await Store.ReadHeadSequenceAsync()))
                {
                    Assert.True(DateTime.UtcNow < deadline, "the daemon never held a page transaction open");
                    await Task.Delay(random.Next(1, 10));
                }
                kills += killed;
                // The daemon itself survives the lost sessions and goes on.
                await Task.Delay(random.Next(30, 150));
            }
            await Daemons.StopAsync(daemon);
            head = Math.Max(head, await appending);
        }
        Assert.True(kills > 0, "no page transaction was ever killed");

        await using (var last = new Node(fixture.Schema))
        {
            var daemon = Daemons.Create(last.Store, [new SequenceLog(name, TimeSpan.Zero)]);
            await daemon.StartAsync(CancellationToken.None);
            await daemon.WaitAsync(name, head);
            await Daemons.StopAsync(daemon);
        }

        var expected = await Daemons.CountedSequencesAsync(Store, streams);
        var documents = await new DocumentReader(Store).ListAsync<AppliedLog>(name);
        Assert.Equal(expected, documents.ToDictionary(d => d.Id, d => d.Sequences));
        Assert.Equal(0, await DeadLettersAsync(name));
    }

    private async Task<bool> CaughtUpAsync(string name, long head)
    {
        await using var command = Store.DataSource.CreateCommand($"select coalesce(max(last_seq_id), 0) from {fixture.Schema}.progression where name = $1");
        command.Parameters.AddWithValue(name);
        return (long)(await command.ExecuteScalarAsync())! >= head;
    }

    private async Task<long> DeadLettersAsync(string name)
    {
        await using var command = Store.DataSource.CreateCommand($"select count(*) from {fixture.Schema}.dead_letters where projection = $1");
        command.Parameters.AddWithValue(name);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
