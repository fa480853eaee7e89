using CoCreation.Api.Campaigns;
using CoCreation.Api.Identity;
using CoCreation.Api.Pricing;
using CoCreation.Campaigns;
using CoCreation.EventStore;
using CoCreation.Pricing;

namespace CoCreation.Api.Demo;

/// <summary>
/// With <c>Demo:Seed=true</c>, defines the D90 demo campaign at start-up with a direct and a Van Westendorp
/// pricing item, both opened, so a first run has something to submit to. Idempotent: an unchanged campaign
/// appends nothing, an item that exists is left as its hosts left it (a closed round stays closed after a
/// restart), and a node that loses a race with another seeding node lets it win.
/// </summary>
internal sealed class DemoSeeder(EventStore.EventStore store, TimeProvider time, ILogger<DemoSeeder> logger) : IHostedService
{
    private static readonly Actor Seeder = Actor.System("demo-seed");

    public static DefineCampaign D90 { get; } = new(
        "d90", "SAIC Maxus D90 launch pricing",
        "Tell SAIC Maxus what the D90 should cost and which features it should have.",
        AllowGuests: false, Seeder.Value);

    /// <summary>A D90 trim priced directly to the nearest 100 yuan, and one asked the four price-sensitivity questions.</summary>
    public static IReadOnlyList<DefinePricingItem> Items { get; } =
    [
        new("d90", "d90-2.0t-4wd", "D90 2.0T 4WD", "CNY", 100_000, 400_000, 100, PricingModes.Direct, null, null, Seeder.Value),
        new("d90", "d90-2.0t-2wd-psm", "D90 2.0T 2WD price sensitivity", "CNY", 100_000, 400_000, 1_000, PricingModes.Psm, null, null, Seeder.Value),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var (_, created, _) = await CampaignStream.DefineAsync(store, D90, Seeder, cancellationToken);
            logger.LogInformation("Demo campaign {Campaign} {Outcome}", D90.CampaignId, created ? "defined" : "already defined");
            foreach (var item in Items) await SeedItemAsync(item, cancellationToken);
        }
        catch (ConcurrencyException)
        {
            logger.LogInformation("Demo campaign {Campaign} was seeded by another node", D90.CampaignId);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SeedItemAsync(DefinePricingItem command, CancellationToken cancellationToken)
    {
        var (state, version) = await PricingItemStream.LoadAsync(store, command.CampaignId, command.ItemId, cancellationToken);
        if (state is not null) return;
        var defined = DefinePricingItem.Decide(null, command, time.GetUtcNow()).Events;
        var item = defined.Aggregate((PricingItem?)null, PricingItem.Evolve)!;
        await PricingItemStream.AppendAsync(store, command.CampaignId, command.ItemId, version, [.. defined, .. PricingRound.Open(item, Seeder.Value)], Seeder, cancellationToken);
        logger.LogInformation("Demo pricing item {Campaign}/{Item} defined and opened", command.CampaignId, command.ItemId);
    }
}
