using System.Net;
using System.Text.Json;
using CoCreation.Api.Identity;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Pricing;

namespace CoCreation.Api.Tests.Pricing;

public sealed class PricingItemTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    private static readonly string Admin = $"admin:{ApiKeys.Fingerprint(CoCreationApp.AdminKey)}";
    private static readonly string Host = $"host:{ApiKeys.Fingerprint(CoCreationApp.HostKey)}";

    [Fact]
    public async Task defining_an_item_is_201_and_the_campaign_lists_it()
    {
        await app.DefineCampaignAsync("listed");

        var created = await app.AsAdmin().PutJsonAsync("/api/campaigns/listed/pricing/d90-2t",
            """{"name": "D90 2.0T", "currency": "CNY", "min": 100000, "max": 300000, "step": 1000, "mode": "psm", "opensAt": "2030-01-01T08:00:00+08:00", "closesAt": "2030-01-02T00:00:00Z"}""");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/campaigns/listed/pricing/d90-2t", created.Headers.Location?.OriginalString);
        var campaign = await (await app.Anonymous().GetAsync("/api/campaigns/listed")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        var item = Assert.Single(campaign.GetProperty("pricingItems").EnumerateArray().ToList());
        Assert.Equal("d90-2t", item.GetProperty("id").GetString());
        Assert.Equal("D90 2.0T", item.GetProperty("name").GetString());
        Assert.Equal("CNY", item.GetProperty("currency").GetString());
        Assert.Equal((100_000, 300_000, 1_000), (item.GetProperty("min").GetInt64(), item.GetProperty("max").GetInt64(), item.GetProperty("step").GetInt64()));
        Assert.Equal("psm", item.GetProperty("mode").GetString());
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), item.GetProperty("opensAt").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2030, 1, 2, 0, 0, 0, TimeSpan.Zero), item.GetProperty("closesAt").GetDateTimeOffset());
        Assert.False(item.GetProperty("isOpen").GetBoolean());
    }

    [Fact]
    public async Task an_item_reads_back_with_whether_it_is_open()
    {
        var url = await app.DefineItemAsync("readback", "one", open: false);

        var closed = await (await app.Anonymous().GetAsync(url)).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        await app.AsHost().PostAsync($"{url}/open", null);
        var open = await (await app.Anonymous().GetAsync(url)).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);

        Assert.False(closed.GetProperty("isOpen").GetBoolean());
        Assert.True(open.GetProperty("isOpen").GetBoolean());
        Assert.Equal("readback", open.GetProperty("campaignId").GetString());
        await (await app.Anonymous().GetAsync("/api/campaigns/readback/pricing/none")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task putting_the_same_item_twice_is_200_and_appends_nothing()
    {
        var url = await app.DefineItemAsync("same", "one", open: false);

        var again = await app.AssertStoresNothingAsync(() => app.AsAdmin().PutJsonAsync(url, PricingFixtures.DirectItem));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task opening_and_closing_by_a_host_are_events_with_the_host_as_actor_and_show_on_the_campaign()
    {
        var url = await app.DefineItemAsync("rounds", "one", open: false);
        var host = app.AsHost();

        var opened = await (await host.PostAsync($"{url}/open", null)).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.True(opened.GetProperty("isOpen").GetBoolean());
        Assert.True(await IsListedOpenAsync("rounds"));
        var closed = await (await host.PostAsync($"{url}/close", null)).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.False(closed.GetProperty("isOpen").GetBoolean());
        Assert.False(await IsListedOpenAsync("rounds"));
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync($"{url}/close", null)).StatusCode);

        var events = await app.Store.ReadStreamAsync(PricingItem.StreamId("rounds", "one"));
        Assert.Collection(events,
            e => Assert.Equal(Admin, Assert.IsType<PricingItemDefined>(e.Data).Actor),
            e => Assert.Equal(new PricingRoundOpened("rounds", "one", Host), e.Data),
            e => Assert.Equal(new PricingRoundClosed("rounds", "one", Host), e.Data));
        Assert.All(events.Skip(1), e => Assert.Equal(Host, e.Metadata.Actor));
    }

    [Fact]
    public async Task an_admin_may_open_a_round_too()
    {
        var url = await app.DefineItemAsync("admin-opens", "one", open: false);

        Assert.Equal(HttpStatusCode.OK, (await app.AsAdmin().PostAsync($"{url}/open", null)).StatusCode);
    }

    [Theory]
    [InlineData("open")]
    [InlineData("close")]
    public async Task participants_may_not_open_or_close_a_round(string action)
    {
        var url = await app.DefineItemAsync($"no-{action}", "one", open: false);

        var response = await app.AssertStoresNothingAsync(() => app.AsParticipant("p-1").PostAsync($"{url}/{action}", null));

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await app.Anonymous().PostAsync($"{url}/{action}", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task opening_an_unknown_item_is_404()
    {
        await app.DefineCampaignAsync("open-unknown");

        await (await app.AsHost().PostAsync("/api/campaigns/open-unknown/pricing/nope/open", null)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task changing_the_grid_after_the_round_started_is_409_and_stores_nothing()
    {
        var url = await app.DefineItemAsync("grid-locked", "one");

        var response = await app.AssertStoresNothingAsync(() => app.AsAdmin().PutJsonAsync(url,
            """{"name": "D90 2.0T 4WD", "currency": "CNY", "min": 100000, "max": 300000, "step": 500, "mode": "direct"}"""));

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task renaming_after_the_round_started_is_allowed()
    {
        var url = await app.DefineItemAsync("renamed", "one");

        var response = await app.AsAdmin().PutJsonAsync(url,
            """{"name": "Renamed", "currency": "CNY", "min": 100000, "max": 300000, "step": 1000, "mode": "direct"}""");

        var item = await response.AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal("Renamed", item.GetProperty("name").GetString());
        Assert.True(item.GetProperty("isOpen").GetBoolean());
    }

    [Theory]
    [InlineData("""{"currency": "CNY", "min": 0, "max": 10, "step": 1, "mode": "direct"}""", "name")]
    [InlineData("""{"name": "x", "currency": "yuan", "min": 0, "max": 10, "step": 1, "mode": "direct"}""", "currency")]
    [InlineData("""{"name": "x", "currency": "CNY", "min": -1, "max": 10, "step": 1, "mode": "direct"}""", "min")]
    [InlineData("""{"name": "x", "currency": "CNY", "min": 10, "max": 10, "step": 1, "mode": "direct"}""", "max")]
    [InlineData("""{"name": "x", "currency": "CNY", "min": 0, "max": 10, "step": 3, "mode": "direct"}""", "step")]
    [InlineData("""{"name": "x", "currency": "CNY", "min": 0, "max": 10000000, "step": 1, "mode": "direct"}""", "step")]
    [InlineData("""{"name": "x", "currency": "CNY", "min": 0, "max": 10, "step": 1, "mode": "auction"}""", "mode")]
    [InlineData("""{"name": "x", "currency": "CNY", "min": 0, "max": 10, "step": 1, "mode": "direct", "opensAt": "2030-01-02T00:00:00Z", "closesAt": "2030-01-01T00:00:00Z"}""", "closesAt")]
    public async Task an_invalid_item_is_400_with_the_field_and_stores_nothing(string body, string field)
    {
        await app.DefineCampaignAsync("invalid-items");

        var response = await app.AssertStoresNothingAsync(() => app.AsAdmin().PutJsonAsync("/api/campaigns/invalid-items/pricing/one", body));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("""{"name": "x", "currency": "CNY", "min": 0, "max": 10, "step": 1, "mode": "direct" """)]
    [InlineData("""{"name": "x", "currency": "CNY", "min": "zero", "max": 10, "step": 1, "mode": "direct"}""")]
    [InlineData("""{"name": "x", "currency": "CNY", "min": 0.5, "max": 10, "step": 1, "mode": "direct"}""")]
    public async Task malformed_or_mistyped_json_is_400_and_stores_nothing(string body)
    {
        await app.DefineCampaignAsync("malformed-items");

        var response = await app.AssertStoresNothingAsync(() => app.AsAdmin().PutJsonAsync("/api/campaigns/malformed-items/pricing/one", body));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task an_item_of_an_unknown_campaign_is_404_and_stores_nothing()
    {
        var response = await app.AssertStoresNothingAsync(() => app.AsAdmin().PutJsonAsync("/api/campaigns/nowhere/pricing/one", PricingFixtures.DirectItem));

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task only_admins_define_items()
    {
        await app.DefineCampaignAsync("admins-only");
        const string url = "/api/campaigns/admins-only/pricing/one";

        await app.AssertStoresNothingAsync(async () =>
        {
            await (await app.Anonymous().PutJsonAsync(url, PricingFixtures.DirectItem)).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await app.AsHost().PutJsonAsync(url, PricingFixtures.DirectItem)).AssertProblemAsync(HttpStatusCode.Forbidden);
            return await (await app.AsParticipant("p-1").PutJsonAsync(url, PricingFixtures.DirectItem)).AssertProblemAsync(HttpStatusCode.Forbidden);
        });
    }

    private async Task<bool> IsListedOpenAsync(string campaignId)
    {
        var campaign = await (await app.Anonymous().GetAsync($"/api/campaigns/{campaignId}")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        return campaign.GetProperty("pricingItems")[0].GetProperty("isOpen").GetBoolean();
    }
}
