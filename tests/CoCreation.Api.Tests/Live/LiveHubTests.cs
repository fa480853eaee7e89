using System.Diagnostics;
using System.Net;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;

namespace CoCreation.Api.Tests.Live;

/// <summary>The <c>/hubs/live</c> hub over the real SignalR JSON protocol, fed by the real log and daemon.</summary>
public sealed class LiveHubTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    [Fact]
    public async Task watch_sends_the_scene_and_the_stats_of_every_pricing_item_at_once()
    {
        var campaign = LiveFixtures.NewCampaign();
        var direct = await app.DefineItemAsync(campaign, "direct");
        var psm = await app.DefineItemAsync(campaign, "psm", PricingFixtures.PsmItem);
        await app.WaitForLiveAsync(await app.SubmitAsync(direct, 150000));
        await using var client = await LiveHubClient.ConnectAsync(app);

        var watch = await client.WatchAsync(campaign, CoCreationApp.HostKey);

        Assert.Equal("host", watch.GetProperty("access").GetString());
        Assert.True(watch.GetProperty("resultsShown").GetBoolean());
        var received = client.TakeReceived();
        var scene = Assert.Single(received, m => m.Target == "scene");
        Assert.Equal(campaign, scene.Arguments[0].GetProperty("campaignId").GetString());
        Assert.Equal("blank", scene.Arguments[0].GetProperty("kind").GetString());
        var directStats = Assert.Single(received, m => m.IsStatsOf("direct"));
        Assert.True(LiveFixtures.SameJson(directStats.Arguments[1], await app.StatsJsonAsync(direct)));
        Assert.Equal(1, directStats.Arguments[1].GetProperty("participants").GetInt64());
        var psmStats = Assert.Single(received, m => m.IsStatsOf("psm"));
        Assert.True(LiveFixtures.SameJson(psmStats.Arguments[1], await app.StatsJsonAsync(psm)));
        Assert.Equal(3, received.Count);
    }

    [Fact]
    public async Task a_submission_is_pushed_with_its_sequence_and_the_new_participant_count()
    {
        var campaign = LiveFixtures.NewCampaign();
        var url = await app.DefineItemAsync(campaign, "d90");
        await app.WaitForLiveAsync();
        await using var client = await LiveHubClient.ConnectAsync(app);
        await client.WatchAsync(campaign, CoCreationApp.AdminKey);
        client.TakeReceived();

        var sequence = await app.SubmitAsync(url, 180000);

        var push = (await client.ReadUntilAsync(m => m.IsStatsOf("d90")))[^1];
        Assert.Equal(sequence, push.Sequence());
        Assert.Equal(1, push.Arguments[1].GetProperty("participants").GetInt64());
        Assert.Equal(180000, push.Arguments[1].GetProperty("mean").GetDouble());
        Assert.True(LiveFixtures.SameJson(push.Arguments[1], await app.StatsJsonAsync(url)));
    }

    [Fact]
    public async Task a_burst_of_submissions_is_coalesced_to_at_most_four_pushes_a_second_ending_with_the_final_stats()
    {
        var campaign = LiveFixtures.NewCampaign();
        var url = await app.DefineItemAsync(campaign, "d90");
        await app.WaitForLiveAsync();
        await using var client = await LiveHubClient.ConnectAsync(app);
        await client.WatchAsync(campaign, CoCreationApp.AdminKey);
        client.TakeReceived();
        var prices = Enumerable.Range(0, 50).Select(i => 100000L + i * 2000).ToArray();

        var clock = Stopwatch.StartNew();
        var sequences = await Task.WhenAll(prices.Select(p => app.SubmitAsync(url, p)));
        var pushes = (await client.ReadUntilAsync(m => m.IsStatsOf("d90") && m.Sequence() == sequences.Max())).Where(m => m.IsStatsOf("d90")).ToList();
        var elapsed = clock.Elapsed;

        Assert.InRange(pushes.Count, 1, elapsed.TotalSeconds * 4 + 1);
        Assert.Equal(pushes.Select(p => p.Sequence()).Order(), pushes.Select(p => p.Sequence()));
        var last = pushes[^1].Arguments[1];
        Assert.Equal(50, last.GetProperty("participants").GetInt64());
        Assert.Equal(prices.Average(), last.GetProperty("mean").GetDouble(), 6);
        Assert.True(LiveFixtures.SameJson(last, await app.StatsJsonAsync(url)));
    }

    [Fact]
    public async Task nothing_is_pushed_to_a_campaign_whose_topics_did_not_change()
    {
        var quiet = LiveFixtures.NewCampaign();
        var busy = LiveFixtures.NewCampaign();
        await app.DefineItemAsync(quiet, "d90");
        await app.DefineItemAsync(busy, "d90");
        await app.WaitForLiveAsync();
        await using var quietWatcher = await LiveHubClient.ConnectAsync(app);
        await using var busyWatcher = await LiveHubClient.ConnectAsync(app);
        await quietWatcher.WatchAsync(quiet, CoCreationApp.AdminKey);
        await busyWatcher.WatchAsync(busy, CoCreationApp.AdminKey);
        quietWatcher.TakeReceived();
        busyWatcher.TakeReceived();

        // Two scene changes in the other campaign, each seen pushed: the publisher went over every watched campaign in between.
        (await app.AsHost().PutSceneAsync(busy, """{"kind": "counter"}""")).EnsureSuccessStatusCode();
        await busyWatcher.ReadUntilAsync(m => m.Target == "scene" && m.Arguments[0].GetProperty("kind").GetString() == "counter");
        (await app.AsHost().PutSceneAsync(busy, """{"kind": "price", "targetId": "d90"}""")).EnsureSuccessStatusCode();
        await busyWatcher.ReadUntilAsync(m => m.Target == "scene" && m.Arguments[0].GetProperty("kind").GetString() == "price");

        Assert.Empty(quietWatcher.TakeReceived());
        Assert.DoesNotContain(busyWatcher.TakeReceived(), m => m.Target == "priceStats");
    }

    [Fact]
    public async Task a_scene_change_is_pushed_to_every_watcher_with_its_sequence()
    {
        var campaign = LiveFixtures.NewCampaign();
        await app.DefineItemAsync(campaign, "d90");
        await app.WaitForLiveAsync();
        await using var host = await LiveHubClient.ConnectAsync(app);
        await using var viewer = await LiveHubClient.ConnectAsync(app);
        await host.WatchAsync(campaign, CoCreationApp.HostKey);
        await viewer.WatchAsync(campaign);

        var changed = await (await app.AsHost().PutSceneAsync(campaign, """{"kind": "price", "targetId": "d90", "revealResults": true}"""))
            .AssertJsonAsync<System.Text.Json.JsonElement>(HttpStatusCode.OK);

        foreach (var client in new[] { host, viewer })
        {
            var scene = (await client.ReadUntilAsync(m => m.Target == "scene" && m.Sequence() == changed.GetProperty("asOf").GetProperty("sequence").GetInt64()))[^1];
            Assert.Equal("price", scene.Arguments[0].GetProperty("kind").GetString());
            Assert.Equal("d90", scene.Arguments[0].GetProperty("targetId").GetString());
            Assert.True(scene.Arguments[0].GetProperty("revealResults").GetBoolean());
        }
    }

    [Fact]
    public async Task public_watchers_get_results_only_once_the_scene_reveals_them()
    {
        var campaign = LiveFixtures.NewCampaign();
        var url = await app.DefineItemAsync(campaign, "d90");
        await app.WaitForLiveAsync(await app.SubmitAsync(url, 150000));
        await using var viewer = await LiveHubClient.ConnectAsync(app);

        var watch = await viewer.WatchAsync(campaign);

        Assert.Equal("public", watch.GetProperty("access").GetString());
        Assert.False(watch.GetProperty("resultsShown").GetBoolean());
        Assert.Equal(["scene"], viewer.TakeReceived().Select(m => m.Target));

        // Hidden results stay hidden while people answer…
        await app.SubmitAsync(url, 160000);
        (await app.AsHost().PutSceneAsync(campaign, """{"kind": "price", "targetId": "d90"}""")).EnsureSuccessStatusCode();
        var hidden = await viewer.ReadUntilAsync(m => m.Target == "scene" && m.Arguments[0].GetProperty("kind").GetString() == "price");
        Assert.DoesNotContain(hidden, m => m.Target == "priceStats");

        // …and the current ones arrive as soon as the host reveals them.
        (await app.AsHost().PutSceneAsync(campaign, """{"kind": "price", "targetId": "d90", "revealResults": true}""")).EnsureSuccessStatusCode();
        var stats = (await viewer.ReadUntilAsync(m => m.IsStatsOf("d90")))[^1];
        Assert.Equal(2, stats.Arguments[1].GetProperty("participants").GetInt64());
        Assert.True(LiveFixtures.SameJson(stats.Arguments[1], await app.StatsJsonAsync(url)));
    }

    [Fact]
    public async Task watching_an_unknown_campaign_is_a_hub_error_and_the_connection_stays_usable()
    {
        var campaign = LiveFixtures.NewCampaign();
        await app.DefineCampaignAsync(campaign);
        await using var client = await LiveHubClient.ConnectAsync(app);

        var unknown = await client.InvokeAsync("Watch", "no-such-campaign", null);
        var malformed = await client.InvokeAsync("Watch", "../Not A Slug", null);

        Assert.EndsWith("There is no campaign 'no-such-campaign'.", unknown.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("campaign id must be", malformed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(client.TakeReceived());
        var watch = await client.WatchAsync(campaign);
        Assert.Equal(campaign, watch.GetProperty("campaignId").GetString());
    }

    [Fact]
    public async Task a_connection_may_watch_at_most_ten_campaigns_and_unwatching_frees_a_place()
    {
        var campaigns = Enumerable.Range(0, 11).Select(_ => LiveFixtures.NewCampaign()).ToList();
        foreach (var campaign in campaigns) await app.DefineCampaignAsync(campaign);
        await using var client = await LiveHubClient.ConnectAsync(app);
        foreach (var campaign in campaigns.Take(10)) await client.WatchAsync(campaign);

        var refused = await client.InvokeAsync("Watch", campaigns[10], null);
        Assert.Contains("at most 10 campaigns", refused.GetProperty("error").GetString(), StringComparison.Ordinal);

        Assert.True((await client.InvokeAsync("Unwatch", campaigns[0])).GetProperty("result").GetBoolean());
        Assert.False((await client.InvokeAsync("Unwatch", campaigns[0])).GetProperty("result").GetBoolean());
        await client.WatchAsync(campaigns[10]);
    }

    [Fact]
    public async Task an_unwatched_campaign_pushes_nothing_more()
    {
        var campaign = LiveFixtures.NewCampaign();
        var other = LiveFixtures.NewCampaign();
        var url = await app.DefineItemAsync(campaign, "d90");
        await app.DefineItemAsync(other, "d90");
        await app.WaitForLiveAsync();
        await using var client = await LiveHubClient.ConnectAsync(app);
        await client.WatchAsync(campaign, CoCreationApp.AdminKey);
        await client.WatchAsync(other, CoCreationApp.AdminKey);
        await client.InvokeAsync("Unwatch", campaign);
        client.TakeReceived();

        await app.WaitForLiveAsync(await app.SubmitAsync(url, 150000));
        (await app.AsHost().PutSceneAsync(other, """{"kind": "counter"}""")).EnsureSuccessStatusCode();
        (await app.AsHost().PutSceneAsync(other, """{"kind": "blank"}""")).EnsureSuccessStatusCode();
        var read = await client.ReadUntilAsync(m => m.Target == "scene" && m.Arguments[0].GetProperty("kind").GetString() == "blank");

        Assert.DoesNotContain(read, m => m.Target == "priceStats" || m.Arguments[0].GetProperty("campaignId").GetString() == campaign);
    }
}
