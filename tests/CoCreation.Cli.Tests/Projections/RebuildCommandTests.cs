using System.Text.Json;
using CoCreation.EventStore.Projections;
using CoCreation.Testing;

namespace CoCreation.Cli.Tests.Projections;

public sealed class RebuildCommandTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private EventStore.EventStore Store => fixture.Store;

    [Fact]
    public async Task a_rebuild_is_carried_out_by_the_running_daemon_and_ends_with_the_same_documents_in_a_new_generation()
    {
        var name = Tallies.Unique("rebuild");
        var head = await Tallies.AppendAsync(Store, name, streams: 4, perStream: 40);
        await using var daemon = await RunningDaemon.StartAsync(Store, new Tally(name));
        await daemon.CatchUpAsync(name, head);
        var reader = new DocumentReader(Store);
        var before = await reader.ListAsync<StreamTally>(name);
        var generationBefore = (await StatusOfAsync(name)).GetProperty("generation").GetInt32();

        var result = await CliRun.RunAsync(CliRun.Database(), "projections", "rebuild", name, "--schema", fixture.Schema, "--timeout", "60s");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Rebuilt {name}", result.Output, StringComparison.Ordinal);
        var status = await StatusOfAsync(name);
        Assert.Equal(generationBefore + 1, status.GetProperty("generation").GetInt32());
        Assert.True(status.GetProperty("position").GetInt64() >= head);
        Assert.False(status.GetProperty("rebuildRequested").GetBoolean());
        Assert.Equal(4, before.Count);
        Assert.Equal(before, await reader.ListAsync<StreamTally>(name));
    }

    [Fact]
    public async Task an_unknown_projection_is_refused_with_the_names_of_the_known_ones()
    {
        var known = Tallies.Unique("known");
        var head = await Tallies.AppendAsync(Store, known, streams: 1, perStream: 2);
        await using (var daemon = await RunningDaemon.StartAsync(Store, new Tally(known)))
        {
            await daemon.CatchUpAsync(known, head);
        }

        var result = await CliRun.RunAsync(CliRun.Database(), "projections", "rebuild", "no-such-projection", "--schema", fixture.Schema);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no-such-projection", result.Error, StringComparison.Ordinal);
        Assert.Contains(known, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_rebuild_asked_for_while_no_daemon_runs_times_out_then_is_carried_out_when_a_daemon_starts()
    {
        var name = Tallies.Unique("pending");
        var head = await Tallies.AppendAsync(Store, name, streams: 2, perStream: 10);
        await using (var daemon = await RunningDaemon.StartAsync(Store, new Tally(name)))
        {
            await daemon.CatchUpAsync(name, head);
        }

        var waited = await CliRun.RunAsync(CliRun.Database(), "projections", "rebuild", name, "--schema", fixture.Schema, "--timeout", "1s");

        Assert.Equal(1, waited.ExitCode);
        Assert.Contains("No daemon took up the rebuild", waited.Error, StringComparison.Ordinal);
        Assert.True((await StatusOfAsync(name)).GetProperty("rebuildRequested").GetBoolean());

        var asked = await CliRun.RunAsync(CliRun.Database(), "projections", "rebuild", name, "--schema", fixture.Schema, "--no-wait");
        Assert.True(asked.ExitCode == 0, asked.ToString());

        await using (var daemon = await RunningDaemon.StartAsync(Store, new Tally(name)))
        {
            // Both requests set one flag: a single rebuild, to generation 1.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await StatusOfAsync(name) is var status
                && (status.GetProperty("generation").GetInt32() == 0 || status.GetProperty("position").GetInt64() < head))
            {
                Assert.True(DateTime.UtcNow < deadline, $"the pending rebuild of {name} was not carried out");
                await Task.Delay(100);
            }
        }
        Assert.Equal(1, (await StatusOfAsync(name)).GetProperty("generation").GetInt32());
        Assert.All(await new DocumentReader(Store).ListAsync<StreamTally>(name), d => Assert.Equal(new StreamTally(d.Id, 10, 55), d));
    }

    private async Task<JsonElement> StatusOfAsync(string name)
    {
        var result = await CliRun.RunAsync(CliRun.Database(), "projections", "status", "--json", "--schema", fixture.Schema);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.Output).RootElement.EnumerateArray().Single(r => r.GetProperty("name").GetString() == name).Clone();
    }
}
