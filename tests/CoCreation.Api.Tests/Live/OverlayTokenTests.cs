using System.Net;
using System.Text.Json;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Live;

namespace CoCreation.Api.Tests.Live;

/// <summary>Overlay tokens: issued to admins, verified by the hub, rotated away.</summary>
public sealed class OverlayTokenTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    private async Task<JsonElement> GetTokenAsync(string campaign) =>
        await (await app.AsAdmin().GetAsync($"/api/campaigns/{campaign}/overlay-token")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);

    [Fact]
    public async Task the_overlay_token_shows_results_the_public_does_not_see_yet()
    {
        var campaign = LiveFixtures.NewCampaign();
        var url = await app.DefineItemAsync(campaign, "d90");
        await app.WaitForLiveAsync(await app.SubmitAsync(url, 150000));
        var token = (await GetTokenAsync(campaign)).GetProperty("token").GetString();
        await using var overlay = await LiveHubClient.ConnectAsync(app);

        var watch = await overlay.WatchAsync(campaign, token);

        Assert.Equal("overlay", watch.GetProperty("access").GetString());
        Assert.True(watch.GetProperty("resultsShown").GetBoolean());
        Assert.Single(overlay.TakeReceived(), m => m.IsStatsOf("d90"));
        var sequence = await app.SubmitAsync(url, 170000);
        Assert.Equal(sequence, (await overlay.ReadUntilAsync(m => m.IsStatsOf("d90")))[^1].Sequence());
    }

    [Fact]
    public async Task the_token_may_also_come_in_the_connections_query_string()
    {
        var campaign = LiveFixtures.NewCampaign();
        await app.DefineCampaignAsync(campaign);
        var token = (await GetTokenAsync(campaign)).GetProperty("token").GetString();
        await using var overlay = await LiveHubClient.ConnectAsync(app, $"token={Uri.EscapeDataString(token!)}");

        var watch = await overlay.WatchAsync(campaign);

        Assert.Equal("overlay", watch.GetProperty("access").GetString());
    }

    [Fact]
    public async Task the_same_token_is_handed_out_until_it_is_rotated()
    {
        var campaign = LiveFixtures.NewCampaign();
        await app.DefineCampaignAsync(campaign);

        var first = await GetTokenAsync(campaign);
        var again = await GetTokenAsync(campaign);
        var rotated = await (await app.AsAdmin().PostAsync($"/api/campaigns/{campaign}/overlay-token/rotate", null)).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        var afterwards = await GetTokenAsync(campaign);

        Assert.Equal(first.GetProperty("token").GetString(), again.GetProperty("token").GetString());
        Assert.NotEqual(first.GetProperty("token").GetString(), rotated.GetProperty("token").GetString());
        Assert.Equal(rotated.GetRawText(), afterwards.GetRawText());
        Assert.Equal(0, first.GetProperty("generation").GetInt32());
        Assert.Equal(1, rotated.GetProperty("generation").GetInt32());
        Assert.Equal($"/overlay/{campaign}?token={rotated.GetProperty("token").GetString()}", rotated.GetProperty("overlayUrl").GetString());
        var e = Assert.Single(await app.Store.ReadStreamAsync(OverlayToken.StreamId(campaign)));
        Assert.StartsWith("admin:", e.Metadata.Actor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_rotated_away_token_and_another_campaigns_token_are_refused()
    {
        var campaign = LiveFixtures.NewCampaign();
        var other = LiveFixtures.NewCampaign();
        await app.DefineCampaignAsync(campaign);
        await app.DefineCampaignAsync(other);
        var old = (await GetTokenAsync(campaign)).GetProperty("token").GetString();
        var othersToken = (await GetTokenAsync(other)).GetProperty("token").GetString();
        var current = (await (await app.AsAdmin().PostAsync($"/api/campaigns/{campaign}/overlay-token/rotate", null))
            .AssertJsonAsync<JsonElement>(HttpStatusCode.OK)).GetProperty("token").GetString();
        await using var client = await LiveHubClient.ConnectAsync(app);

        var rotatedAway = await client.InvokeAsync("Watch", campaign, old);
        var wrongCampaign = await client.InvokeAsync("Watch", campaign, othersToken);
        var garbage = await client.InvokeAsync("Watch", campaign, "made-up");

        foreach (var refused in new[] { rotatedAway, wrongCampaign, garbage })
        {
            Assert.Contains("current overlay token", refused.GetProperty("error").GetString(), StringComparison.Ordinal);
        }
        Assert.Empty(client.TakeReceived());
        Assert.Equal("overlay", (await client.WatchAsync(campaign, current)).GetProperty("access").GetString());
    }

    [Fact]
    public async Task only_admins_get_or_rotate_overlay_tokens_and_only_of_known_campaigns()
    {
        var campaign = LiveFixtures.NewCampaign();
        await app.DefineCampaignAsync(campaign);
        var url = $"/api/campaigns/{campaign}/overlay-token";

        await (await app.Anonymous().GetAsync(url)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await app.AsHost().GetAsync(url)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await app.AssertStoresNothingAsync(() => app.AsHost().PostAsync($"{url}/rotate", null))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await app.AssertStoresNothingAsync(() => app.AsParticipant("someone").PostAsync($"{url}/rotate", null))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await app.AsAdmin().GetAsync("/api/campaigns/no-such-campaign/overlay-token")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await app.AssertStoresNothingAsync(() => app.AsAdmin().PostAsync("/api/campaigns/no-such-campaign/overlay-token/rotate", null)))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
