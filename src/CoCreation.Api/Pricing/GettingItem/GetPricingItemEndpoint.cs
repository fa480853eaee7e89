using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Pricing.GettingItem;

public static class GetPricingItemEndpoint
{
    /// <summary>GET /api/campaigns/{campaignId}/pricing/{itemId}: public, read from the item's stream.</summary>
    public static async Task<Results<Ok<PricingItemResponse>, ProblemHttpResult>> Handle(
        string campaignId, string itemId, EventStore.EventStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var item = Slug.IsValid(campaignId) && Slug.IsValid(itemId)
            ? (await PricingItemStream.LoadAsync(store, campaignId, itemId, cancellationToken)).State
            : null;
        return item is null
            ? PricingProblems.NoItem(campaignId, itemId)
            : TypedResults.Ok(PricingItemResponse.From(item, time.GetUtcNow()));
    }
}
