using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Api.Tests.Voting;
using CoCreation.EventStore;
using CoCreation.Testing;

namespace CoCreation.Api.Tests.Live;

/// <summary>Two API nodes on one database: each pushes to its own watchers from its own live projections.</summary>
public sealed class LiveTwoNodesTests
{
    [Fact]
    public async Task a_watcher_on_one_node_gets_the_updates_of_a_submission_and_a_scene_change_made_on_the_other()
    {
        var schema = TestDatabase.UniqueSchema("live2");
        var first = CoCreationApp.On(schema);
        var second = CoCreationApp.On(schema);
        try
        {
            await Task.WhenAll(first.InitializeAsync(), second.InitializeAsync());
            var campaign = LiveFixtures.NewCampaign();
            var url = await first.DefineItemAsync(campaign, "d90");
            await second.WaitForLiveAsync(await first.Store.ReadHeadSequenceAsync());
            var token = await first.AsAdmin().GetAsync($"/api/campaigns/{campaign}/overlay-token");
            var overlayToken = System.Text.Json.JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString();
            await using var watcher = await LiveHubClient.ConnectAsync(second);
            Assert.Equal("overlay", (await watcher.WatchAsync(campaign, overlayToken)).GetProperty("access").GetString());

            var sequence = await first.SubmitAsync(url, 155000);

            var push = (await watcher.ReadUntilAsync(m => m.IsStatsOf("d90") && m.Sequence() == sequence))[^1];
            Assert.Equal(1, push.Arguments[1].GetProperty("participants").GetInt64());
            // The push came from the second node; the first may not have applied the submission yet.
            await first.WaitForLiveAsync(sequence);
            Assert.True(LiveFixtures.SameJson(push.Arguments[1], await first.StatsJsonAsync(url)));

            (await first.AsHost().PutSceneAsync(campaign, """{"kind": "price", "targetId": "d90"}""")).EnsureSuccessStatusCode();
            await watcher.ReadUntilAsync(m => m.Target == "scene" && m.Arguments[0].GetProperty("kind").GetString() == "price");
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
            await using var dataSource = TestDatabase.CreateDataSource();
            await EventStoreSchema.DropAsync(dataSource, schema);
        }
    }

    [Fact]
    public async Task a_ballot_cast_on_one_node_reaches_a_watcher_on_the_other()
    {
        var schema = TestDatabase.UniqueSchema("live2v");
        var first = CoCreationApp.On(schema);
        var second = CoCreationApp.On(schema);
        try
        {
            await Task.WhenAll(first.InitializeAsync(), second.InitializeAsync());
            var campaign = LiveFixtures.NewCampaign();
            var url = await first.DefineQuestionAsync(campaign, "seats");
            await second.WaitForLiveAsync(await first.Store.ReadHeadSequenceAsync());
            await using var watcher = await LiveHubClient.ConnectAsync(second);
            await watcher.WatchAsync(campaign, CoCreationApp.HostKey);
            Assert.Equal(0, Assert.Single(watcher.TakeReceived(), m => m.IsResultsOf("seats")).Arguments[1].GetProperty("participants").GetInt64());

            var sequence = await first.CastAsync(url, "voter", "seven");

            var push = (await watcher.ReadUntilAsync(m => m.IsResultsOf("seats") && m.Sequence() >= sequence))[^1];
            Assert.Equal(sequence, push.Sequence());
            var seven = push.Arguments[1].GetProperty("options").EnumerateArray().Single(o => o.GetProperty("id").GetString() == "seven");
            Assert.Equal(1, seven.GetProperty("votes").GetInt64());
            Assert.True(LiveFixtures.SameJson(push.Arguments[1], await first.ResultsJsonAsync(url)));
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
            await using var dataSource = TestDatabase.CreateDataSource();
            await EventStoreSchema.DropAsync(dataSource, schema);
        }
    }
}
