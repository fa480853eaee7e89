using CoCreation.Api.Campaigns;
using CoCreation.EventStore.Projections;
using CoCreation.Pricing;

namespace CoCreation.Api.Pricing;

/// <summary>What follows a change to an item on this node: the submissions cache and the campaign page see it.</summary>
internal static class PricingItemWrites
{
    private static readonly TimeSpan ProjectionWait = TimeSpan.FromSeconds(2);

    public static async Task SettleAsync(PricingItem item, long? sequence, PricingItemCache cache, ProjectionDaemon daemon, CancellationToken cancellationToken)
    {
        cache.Set(item);
        if (sequence is { } written)
        {
            // Read-your-writes for the admin or host who just acted: a campaign GET right after lists the
            // change. The write is durable either way; past the wait the page catches up shortly.
            await daemon.WaitForPositionAsync(CampaignDirectory.ProjectionName, written, ProjectionWait, cancellationToken);
        }
    }
}
