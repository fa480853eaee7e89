using System.Net;
using System.Text.Json;
using CoCreation.Api.Tests.Hosting;

namespace CoCreation.Api.Tests.Projections;

public sealed class ProjectionEndpointsTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    private static string NewCampaign() => $"c-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task listing_campaigns_shows_every_defined_campaign_from_the_projection()
    {
        var admin = app.AsAdmin();
        var ids = new[] { NewCampaign(), NewCampaign() };
        foreach (var id in ids)
        {
            (await admin.PutJsonAsync($"/api/campaigns/{id}", """{"name":"Listed"}""")).EnsureSuccessStatusCode();
        }

        var list = await (await app.Anonymous().GetAsync("/api/campaigns")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);

        var listed = list.EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.All(ids, id => Assert.Contains(id, listed));
        var one = list.EnumerateArray().First(c => c.GetProperty("id").GetString() == ids[0]);
        Assert.Equal("Listed", one.GetProperty("name").GetString());
        Assert.True(one.GetProperty("createdAt").GetDateTimeOffset() <= DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task the_status_endpoint_shows_the_campaign_projection_run_by_this_node_and_caught_up()
    {
        var id = NewCampaign();
        (await app.AsAdmin().PutJsonAsync($"/api/campaigns/{id}", """{"name":"Status"}""")).EnsureSuccessStatusCode();

        var status = await (await app.AsAdmin().GetAsync("/api/admin/projections")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);

        var campaigns = status.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "campaigns");
        Assert.Equal("document", campaigns.GetProperty("kind").GetString());
        Assert.True(campaigns.GetProperty("isActive").GetBoolean());
        Assert.True(campaigns.GetProperty("position").GetInt64() > 0);
        Assert.Equal(campaigns.GetProperty("head").GetInt64(), campaigns.GetProperty("position").GetInt64());
    }

    [Fact]
    public async Task projection_endpoints_are_for_admins_only()
    {
        await (await app.AsParticipant("p-1").GetAsync("/api/admin/projections")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await app.AsHost().PostAsync("/api/admin/projections/campaigns/rebuild", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await app.Anonymous().GetAsync("/api/admin/projections")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task rebuilding_the_campaign_projection_replays_it_to_the_same_documents()
    {
        var admin = app.AsAdmin();
        var id = NewCampaign();
        (await admin.PutJsonAsync($"/api/campaigns/{id}", """{"name":"Before"}""")).EnsureSuccessStatusCode();
        (await admin.PutJsonAsync($"/api/campaigns/{id}", """{"name":"After","description":"rebuilt"}""")).EnsureSuccessStatusCode();
        var before = await (await app.Anonymous().GetAsync($"/api/campaigns/{id}")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        var generation = await GenerationAsync();

        var response = await admin.PostAsync("/api/admin/projections/campaigns/rebuild", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await WaitUntilAsync(async () => await GenerationAsync() > generation && await LagAsync() == 0);
        var after = await (await app.Anonymous().GetAsync($"/api/campaigns/{id}")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal(before.GetRawText(), after.GetRawText());
    }

    [Fact]
    public async Task rebuilding_an_unknown_projection_is_a_not_found_problem()
    {
        var problem = await (await app.AsAdmin().PostAsync("/api/admin/projections/nope/rebuild", null)).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains("campaigns", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task readiness_includes_the_projections_check()
    {
        var health = await (await app.Anonymous().GetAsync("/health/ready")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);

        Assert.Contains("projections", health.GetRawText());
    }

    private async Task<JsonElement> CampaignStatusAsync()
    {
        var status = await (await app.AsAdmin().GetAsync("/api/admin/projections")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        return status.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "campaigns");
    }

    private async Task<int> GenerationAsync() => (await CampaignStatusAsync()).GetProperty("generation").GetInt32();

    private async Task<long> LagAsync() => (await CampaignStatusAsync()).GetProperty("lag").GetInt64();

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not hold in time.");
            await Task.Delay(50);
        }
    }
}
