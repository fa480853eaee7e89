using System.Net;
using System.Text.Json;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Campaigns;
using CoCreation.Pricing;
using CoCreation.Testing;

namespace CoCreation.Api.Tests.Demo;

public sealed class DemoSeederTests
{
    private static readonly Dictionary<string, string?> Seed = new() { ["Demo:Seed"] = "true" };

    [Fact]
    public async Task seeding_twice_defines_the_d90_campaign_and_its_items_once()
    {
        var schema = TestDatabase.UniqueSchema("api");
        await using var second = CoCreationApp.On(schema, Seed, ownsSchema: true);
        await using (var first = CoCreationApp.On(schema, Seed))
        {
            await first.InitializeAsync();
        }

        await second.InitializeAsync();

        var events = await second.Store.ReadStreamAsync(Campaign.StreamId("d90"));
        var defined = Assert.IsType<CampaignDefined>(Assert.Single(events).Data);
        Assert.Equal("SAIC Maxus D90 launch pricing", defined.Name);
        foreach (var itemId in new[] { "d90-2.0t-4wd", "d90-2.0t-2wd-psm" })
        {
            var itemEvents = await second.Store.ReadStreamAsync(PricingItem.StreamId("d90", itemId));
            Assert.Collection(itemEvents, e => Assert.IsType<PricingItemDefined>(e.Data), e => Assert.IsType<PricingRoundOpened>(e.Data));
        }
    }

    [Fact]
    public async Task the_demo_items_take_submissions_at_once_and_a_round_a_host_closed_stays_closed_after_a_restart()
    {
        var schema = TestDatabase.UniqueSchema("api");
        const string item = "/api/campaigns/d90/pricing/d90-2.0t-4wd";
        await using (var first = CoCreationApp.On(schema, Seed))
        {
            await first.InitializeAsync();
            var submitted = await first.AsParticipant("demo-person").SubmitAsync(item, """{"price": 159900}""");
            Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
            var psm = await first.AsParticipant("demo-person").SubmitAsync("/api/campaigns/d90/pricing/d90-2.0t-2wd-psm",
                """{"tooCheap": 120000, "cheap": 150000, "expensive": 190000, "tooExpensive": 230000}""");
            Assert.Equal(HttpStatusCode.Created, psm.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await first.AsHost().PostAsync($"{item}/close", null)).StatusCode);
        }

        await using var second = CoCreationApp.On(schema, Seed, ownsSchema: true);
        await second.InitializeAsync();

        var page = JsonDocument.Parse(await second.Anonymous().GetStringAsync("/api/campaigns/d90")).RootElement;
        var items = page.GetProperty("pricingItems").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetString()!);
        Assert.False(items["d90-2.0t-4wd"].GetProperty("isOpen").GetBoolean());
        Assert.True(items["d90-2.0t-2wd-psm"].GetProperty("isOpen").GetBoolean());
        var refused = await second.AsParticipant("demo-person").SubmitAsync(item, """{"price": 160000}""");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }
}
