using CoCreation.Participants;
using CoCreation.Api.Tests.Hosting;
using CoCreation.EventStore;
using CoCreation.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CoCreation.Api.Tests.Participants;

public sealed class ParticipantDirectoryTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    private ParticipantDirectory Directory => app.Services.GetRequiredService<ParticipantDirectory>();

    /// <summary>A directory with an empty cache, as a freshly started node has.</summary>
    private ParticipantDirectory FreshNode() => new(
        app.Services.GetRequiredService<NpgsqlDataSource>(), app.Services.GetRequiredService<IOptions<EventStoreOptions>>(), TimeProvider.System);

    [Fact]
    public async Task the_same_oneid_resolves_to_the_same_participant_every_time()
    {
        var first = await Directory.ResolveAsync("oneid-same", CancellationToken.None);

        Assert.Equal(first, await Directory.ResolveAsync("oneid-same", CancellationToken.None));
        Assert.Equal(first, await FreshNode().ResolveAsync("oneid-same", CancellationToken.None));
        Assert.Equal(7, first.Version);
    }

    [Fact]
    public async Task different_oneids_are_different_participants()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Directory.ResolveAsync($"oneid-distinct-{i}", CancellationToken.None)));

        Assert.Equal(20, ids.Distinct().Count());
    }

    [Fact]
    public async Task many_first_resolutions_of_one_oneid_at_once_agree_on_one_participant()
    {
        var nodes = Enumerable.Range(0, 16).Select(_ => FreshNode()).ToList();

        var ids = await Task.WhenAll(nodes.SelectMany(node => Enumerable.Range(0, 4).Select(_ => node.ResolveAsync("oneid-race", CancellationToken.None))));

        Assert.Single(ids.Distinct());
        Assert.Equal(1L, await CountRowsAsync("oneid-race"));
    }

    [Fact]
    public async Task resolving_many_mints_only_for_the_unseen_and_agrees_with_single_resolution()
    {
        var known = await Directory.ResolveAsync("oneid-many-known", CancellationToken.None);

        var resolved = await FreshNode().ResolveManyAsync(["oneid-many-known", "oneid-many-new", "oneid-many-new"], CancellationToken.None);

        Assert.Equal(known, resolved["oneid-many-known"]);
        Assert.Equal(resolved["oneid-many-new"], await Directory.ResolveAsync("oneid-many-new", CancellationToken.None));
        Assert.Equal(2, resolved.Count);
    }

    [Fact]
    public async Task two_nodes_on_one_schema_resolve_a_oneid_to_the_same_participant()
    {
        var schema = TestDatabase.UniqueSchema("people");
        var first = CoCreationApp.On(schema);
        var second = CoCreationApp.On(schema);
        try
        {
            // Both start at once: the table is created once, whichever node gets there first.
            await Task.WhenAll(first.InitializeAsync(), second.InitializeAsync());
            var directories = new[] { first, second }.Select(a => a.Services.GetRequiredService<ParticipantDirectory>()).ToArray();

            var ids = await Task.WhenAll(directories.Select(d => d.ResolveAsync("oneid-two-nodes", CancellationToken.None)));

            Assert.Equal(ids[0], ids[1]);
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
            await using var dataSource = TestDatabase.CreateDataSource();
            await EventStoreSchema.DropAsync(dataSource, schema);
        }
    }

    private async Task<long> CountRowsAsync(string oneId)
    {
        await using var command = app.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            $"select count(*) from {app.Schema}.participants where one_id = $1");
        command.Parameters.AddWithValue(oneId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
