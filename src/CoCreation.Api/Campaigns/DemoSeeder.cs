using CoCreation.Api.Identity;
using CoCreation.Campaigns;
using CoCreation.EventStore;

namespace CoCreation.Api.Campaigns;

/// <summary>
/// With <c>Demo:Seed=true</c>, defines the D90 demo campaign at start-up. Idempotent: an unchanged
/// campaign appends nothing, and a node that loses a race with another seeding node lets it win.
/// </summary>
internal sealed class DemoSeeder(EventStore.EventStore store, ILogger<DemoSeeder> logger) : IHostedService
{
    private static readonly Actor Seeder = Actor.System("demo-seed");

    public static DefineCampaign D90 { get; } = new(
        "d90", "SAIC Maxus D90 launch pricing",
        "Tell SAIC Maxus what the D90 should cost and which features it should have.",
        AllowGuests: false, Seeder.Value);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var (_, created, _) = await CampaignStream.DefineAsync(store, D90, Seeder, cancellationToken);
            logger.LogInformation("Demo campaign {Campaign} {Outcome}", D90.CampaignId, created ? "defined" : "already defined");
        }
        catch (ConcurrencyException)
        {
            logger.LogInformation("Demo campaign {Campaign} was seeded by another node", D90.CampaignId);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
