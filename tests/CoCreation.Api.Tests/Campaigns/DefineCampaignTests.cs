using System.Net;
using System.Text.Json;
using CoCreation.Api.Identity;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Campaigns;

namespace CoCreation.Api.Tests.Campaigns;

public sealed class DefineCampaignTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    [Fact]
    public async Task defining_a_new_campaign_is_201_and_it_can_be_read_back()
    {
        var created = await app.AsAdmin().PutJsonAsync("/api/campaigns/new-one",
            """{"name": "New one", "description": "About it", "allowGuests": true}""");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/campaigns/new-one", created.Headers.Location?.OriginalString);
        var campaign = await (await app.Anonymous().GetAsync("/api/campaigns/new-one")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal("new-one", campaign.GetProperty("id").GetString());
        Assert.Equal("New one", campaign.GetProperty("name").GetString());
        Assert.Equal("About it", campaign.GetProperty("description").GetString());
        Assert.True(campaign.GetProperty("allowGuests").GetBoolean());
        Assert.Equal(0, campaign.GetProperty("pricingItems").GetArrayLength());
        Assert.Equal(0, campaign.GetProperty("questions").GetArrayLength());
        Assert.Equal(0, campaign.GetProperty("contests").GetArrayLength());
    }

    [Fact]
    public async Task redefining_a_campaign_is_200_and_replaces_its_settings()
    {
        var admin = app.AsAdmin();
        await admin.PutJsonAsync("/api/campaigns/renamed", """{"name": "Before", "description": "Old", "allowGuests": true}""");

        var updated = await admin.PutJsonAsync("/api/campaigns/renamed", """{"name": "After"}""");

        var campaign = await updated.AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal("After", campaign.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, campaign.GetProperty("description").ValueKind);
        Assert.False(campaign.GetProperty("allowGuests").GetBoolean());
    }

    [Fact]
    public async Task events_record_the_admin_by_fingerprint()
    {
        var admin = app.AsAdmin();
        await admin.PutJsonAsync("/api/campaigns/audited", """{"name": "One"}""");
        await admin.PutJsonAsync("/api/campaigns/audited", """{"name": "Two"}""");

        var events = await app.Store.ReadStreamAsync(Campaign.StreamId("audited"));

        var actor = $"admin:{ApiKeys.Fingerprint(CoCreationApp.AdminKey)}";
        Assert.Collection(events,
            e => Assert.Equal(new CampaignDefined("audited", "One", null, false, actor), e.Data),
            e => Assert.Equal(new CampaignUpdated("audited", "Two", null, false, actor), e.Data));
        Assert.All(events, e => Assert.Equal(actor, e.Metadata.Actor));
    }

    [Fact]
    public async Task putting_the_same_campaign_twice_appends_once()
    {
        var admin = app.AsAdmin();
        await admin.PutJsonAsync("/api/campaigns/same", """{"name": "Same"}""");

        var again = await admin.PutJsonAsync("/api/campaigns/same", """{"name": "Same"}""");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Single(await app.Store.ReadStreamAsync(Campaign.StreamId("same")));
    }
}
