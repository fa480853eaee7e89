using System.Net;
using System.Text.Json;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Contest;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Api.Tests.Voting;
using CoCreation.Live;

namespace CoCreation.Api.Tests.Live;

/// <summary><c>PUT</c> and <c>GET /api/campaigns/{c}/scene</c>.</summary>
public sealed class SceneTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    [Fact]
    public async Task a_campaign_shows_a_blank_scene_until_a_host_switches_one()
    {
        var campaign = LiveFixtures.NewCampaign();
        await app.DefineCampaignAsync(campaign);

        var scene = await (await app.Anonymous().GetAsync($"/api/campaigns/{campaign}/scene")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);

        Assert.Equal("blank", scene.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, scene.GetProperty("targetId").ValueKind);
        Assert.False(scene.GetProperty("revealResults").GetBoolean());
    }

    [Fact]
    public async Task a_host_switches_the_scene_and_every_read_shows_it_with_its_event()
    {
        var campaign = LiveFixtures.NewCampaign();
        await app.DefineItemAsync(campaign, "d90-psm", PricingFixtures.PsmItem);

        var changed = await (await app.AsHost().PutSceneAsync(campaign, """{"kind": "psm", "targetId": "d90-psm", "revealResults": true}"""))
            .AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        var read = await (await app.Anonymous().GetAsync($"/api/campaigns/{campaign}/scene")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);

        Assert.Equal(changed.GetRawText(), read.GetRawText());
        Assert.Equal("psm", read.GetProperty("kind").GetString());
        Assert.Equal("d90-psm", read.GetProperty("targetId").GetString());
        Assert.True(read.GetProperty("revealResults").GetBoolean());
        var sequence = read.GetProperty("asOf").GetProperty("sequence").GetInt64();
        var stored = await app.Store.ReadStreamAsync(Scene.StreamId(campaign));
        var e = Assert.Single(stored);
        Assert.Equal(sequence, e.Sequence);
        Assert.StartsWith("host:", e.Metadata.Actor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task switching_to_the_scene_already_shown_stores_nothing()
    {
        var campaign = LiveFixtures.NewCampaign();
        await app.DefineItemAsync(campaign, "d90");
        const string body = """{"kind": "price", "targetId": "d90"}""";
        (await app.AsAdmin().PutSceneAsync(campaign, body)).EnsureSuccessStatusCode();

        var again = await app.AssertStoresNothingAsync(() => app.AsHost().PutSceneAsync(campaign, body));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("price", (await again.AssertJsonAsync<JsonElement>(HttpStatusCode.OK)).GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("""{"kind": "fireworks"}""", "kind")]
    [InlineData("""{}""", "kind")]
    [InlineData("""{"kind": "price"}""", "targetId")]
    [InlineData("""{"kind": "vote"}""", "targetId")]
    [InlineData("""{"kind": "leaderboard", "targetId": "Not A Slug"}""", "targetId")]
    [InlineData("""{"kind": "price", "targetId": "no-such-item"}""", "targetId")]
    [InlineData("""{"kind": "price", "targetId": "d90-psm"}""", "targetId")]
    [InlineData("""{"kind": "psm", "targetId": "d90"}""", "targetId")]
    [InlineData("""{"kind": "counter", "targetId": "no-such-item"}""", "targetId")]
    [InlineData("""{"kind": "vote", "targetId": "no-such-question"}""", "targetId")]
    [InlineData("""{"kind": "vote", "targetId": "d90"}""", "targetId")]
    [InlineData("""{"kind": "leaderboard", "targetId": "no-such-contest"}""", "targetId")]
    [InlineData("""{"kind": "leaderboard", "targetId": "seats"}""", "targetId")]
    [InlineData("""{"kind": "blank", "targetId": "d90"}""", "targetId")]
    public async Task an_invalid_scene_is_refused_naming_the_field_and_stores_nothing(string body, string field)
    {
        var campaign = LiveFixtures.NewCampaign();
        await app.DefineItemAsync(campaign, "d90");
        await app.DefineItemAsync(campaign, "d90-psm", PricingFixtures.PsmItem);
        await app.DefineQuestionAsync(campaign, "seats");
        await app.DefineContestAsync(campaign, "grilles");

        var response = await app.AssertStoresNothingAsync(() => app.AsHost().PutSceneAsync(campaign, body));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task malformed_json_is_a_bad_request()
    {
        var campaign = LiveFixtures.NewCampaign();
        await app.DefineCampaignAsync(campaign);

        var response = await app.AssertStoresNothingAsync(() => app.AsHost().PutSceneAsync(campaign, """{"kind": "blank", "revealResults": "yes"}"""));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("""{"kind": "vote", "targetId": "seats"}""")]
    [InlineData("""{"kind": "leaderboard", "targetId": "grilles"}""")]
    [InlineData("""{"kind": "counter"}""")]
    [InlineData("""{"kind": "counter", "targetId": "d90"}""")]
    public async Task a_scene_takes_a_question_contest_or_item_of_its_campaign(string body)
    {
        var campaign = LiveFixtures.NewCampaign();
        await app.DefineItemAsync(campaign, "d90");
        await app.DefineQuestionAsync(campaign, "seats");
        await app.DefineContestAsync(campaign, "grilles");

        var response = await app.AsHost().PutSceneAsync(campaign, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task a_question_or_contest_of_another_campaign_is_no_target()
    {
        var campaign = LiveFixtures.NewCampaign();
        var other = LiveFixtures.NewCampaign();
        await app.DefineCampaignAsync(campaign);
        await app.DefineQuestionAsync(other, "seats");
        await app.DefineContestAsync(other, "grilles");

        foreach (var body in new[] { """{"kind": "vote", "targetId": "seats"}""", """{"kind": "leaderboard", "targetId": "grilles"}""" })
        {
            var response = await app.AssertStoresNothingAsync(() => app.AsHost().PutSceneAsync(campaign, body));
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("targetId", out _), problem.GetRawText());
        }
    }

    [Fact]
    public async Task switching_scenes_needs_a_host_or_admin_key()
    {
        var campaign = LiveFixtures.NewCampaign();
        await app.DefineCampaignAsync(campaign);
        const string body = """{"kind": "counter"}""";

        await (await app.AssertStoresNothingAsync(() => app.Anonymous().PutSceneAsync(campaign, body))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await app.AssertStoresNothingAsync(() => app.AsParticipant("someone").PutSceneAsync(campaign, body))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await app.AssertStoresNothingAsync(() => app.WithBearer("not-a-key-at-all-0123").PutSceneAsync(campaign, body))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await app.AsAdmin().PutSceneAsync(campaign, body)).StatusCode);
    }

    [Fact]
    public async Task the_scene_of_an_unknown_campaign_is_not_found()
    {
        var put = await app.AssertStoresNothingAsync(() => app.AsHost().PutSceneAsync("no-such-campaign", """{"kind": "blank"}"""));

        await put.AssertProblemAsync(HttpStatusCode.NotFound);
        await (await app.Anonymous().GetAsync("/api/campaigns/no-such-campaign/scene")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
