using CoCreation.Api.Tests.Hosting;
using CoCreation.Campaigns;
using CoCreation.Testing;

namespace CoCreation.Api.Tests.Campaigns;

public sealed class DemoSeederTests
{
    [Fact]
    public async Task seeding_twice_defines_the_d90_campaign_once()
    {
        var schema = TestDatabase.UniqueSchema("api");
        var seed = new Dictionary<string, string?> { ["Demo:Seed"] = "true" };
        await using var second = CoCreationApp.On(schema, seed, ownsSchema: true);
        await using (var first = CoCreationApp.On(schema, seed))
        {
            await first.InitializeAsync();
        }

        await second.InitializeAsync();

        var events = await second.Store.ReadStreamAsync(Campaign.StreamId("d90"));
        var defined = Assert.IsType<CampaignDefined>(Assert.Single(events).Data);
        Assert.Equal("SAIC Maxus D90 launch pricing", defined.Name);
    }
}
