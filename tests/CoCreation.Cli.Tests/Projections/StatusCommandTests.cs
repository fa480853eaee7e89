using System.Text.Json;
using CoCreation.Testing;

namespace CoCreation.Cli.Tests.Projections;

public sealed class StatusCommandTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task status_as_json_lists_a_projections_position_head_lag_and_generation()
    {
        var name = Tallies.Unique("status");
        var head = await Tallies.AppendAsync(fixture.Store, name, streams: 2, perStream: 5);
        await using (var daemon = await RunningDaemon.StartAsync(fixture.Store, new Tally(name)))
        {
            await daemon.CatchUpAsync(name, head);
        }

        var result = await CliRun.RunAsync(CliRun.Database(), "projections", "status", "--json", "--schema", fixture.Schema);

        Assert.True(result.ExitCode == 0, result.ToString());
        var row = JsonDocument.Parse(result.Output).RootElement.EnumerateArray()
            .Single(r => r.GetProperty("name").GetString() == name);
        Assert.True(row.GetProperty("position").GetInt64() >= head);
        Assert.True(row.GetProperty("head").GetInt64() >= row.GetProperty("position").GetInt64());
        Assert.Equal(row.GetProperty("head").GetInt64() - row.GetProperty("position").GetInt64(), row.GetProperty("lag").GetInt64());
        Assert.Equal(0, row.GetProperty("generation").GetInt32());
        Assert.Equal(0, row.GetProperty("deadLetters").GetInt64());
        Assert.False(row.GetProperty("rebuildRequested").GetBoolean());
        Assert.True(row.TryGetProperty("lastUpdated", out _));
    }

    [Fact]
    public async Task status_prints_a_table_with_one_line_per_projection_when_not_on_a_terminal()
    {
        var name = Tallies.Unique("table");
        var head = await Tallies.AppendAsync(fixture.Store, name, streams: 1, perStream: 3);
        await using (var daemon = await RunningDaemon.StartAsync(fixture.Store, new Tally(name)))
        {
            await daemon.CatchUpAsync(name, head);
        }

        var result = await CliRun.RunAsync(CliRun.Database(fixture.Schema), "projections", "status");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Dead letters", result.Output, StringComparison.Ordinal);
        Assert.Contains("Rebuild requested", result.Output, StringComparison.Ordinal);
        var line = Assert.Single(result.Output.Split('\n'), l => l.Contains(name, StringComparison.Ordinal));
        Assert.DoesNotContain('\u001b', result.Output);
        Assert.Contains(" no ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task status_on_a_schema_without_tables_says_to_apply_the_schema()
    {
        var result = await CliRun.RunAsync(CliRun.Database(), "projections", "status", "--schema", TestDatabase.UniqueSchema("none"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("schema apply", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_unreachable_database_is_reported_without_a_stack_trace()
    {
        var result = await CliRun.RunAsync(CliRun.Database(), "projections", "status", "--connection", "Host=127.0.0.1;Port=1;Timeout=2");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Cannot reach PostgreSQL", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
