using CoCreation.Api.Identity;
using CoCreation.EventStore.Projections;
using CoCreation.Pricing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Pricing.OpeningAndClosing;

public static class RoundEndpoints
{
    /// <summary>POST …/pricing/{itemId}/open (host or admin): 200 with the item; opening an open round changes nothing.</summary>
    public static Task<Results<Ok<PricingItemResponse>, ProblemHttpResult>> Open(
        string campaignId, string itemId, Actor actor, EventStore.EventStore store, ProjectionDaemon daemon, PricingItemCache cache,
        TimeProvider time, CancellationToken cancellationToken) =>
        ChangeAsync(campaignId, itemId, PricingRound.Open, actor, store, daemon, cache, time, cancellationToken);

    /// <summary>POST …/pricing/{itemId}/close (host or admin): 200 with the item; closing a closed round changes nothing.</summary>
    public static Task<Results<Ok<PricingItemResponse>, ProblemHttpResult>> Close(
        string campaignId, string itemId, Actor actor, EventStore.EventStore store, ProjectionDaemon daemon, PricingItemCache cache,
        TimeProvider time, CancellationToken cancellationToken) =>
        ChangeAsync(campaignId, itemId, PricingRound.Close, actor, store, daemon, cache, time, cancellationToken);

    private static async Task<Results<Ok<PricingItemResponse>, ProblemHttpResult>> ChangeAsync(
        string campaignId, string itemId, Func<PricingItem, string, IReadOnlyList<object>> decide, Actor actor,
        EventStore.EventStore store, ProjectionDaemon daemon, PricingItemCache cache, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(campaignId) || !Slug.IsValid(itemId))
        {
            return PricingProblems.NoItem(campaignId, itemId);
        }
        var (state, version) = await PricingItemStream.LoadAsync(store, campaignId, itemId, cancellationToken);
        if (state is null)
        {
            return PricingProblems.NoItem(campaignId, itemId);
        }
        var events = decide(state, actor.Value);
        var sequence = await PricingItemStream.AppendAsync(store, campaignId, itemId, version, events, actor, cancellationToken);
        var item = events.Aggregate((PricingItem?)state, PricingItem.Evolve)!;
        await PricingItemWrites.SettleAsync(item, sequence, cache, daemon, cancellationToken);
        return TypedResults.Ok(PricingItemResponse.From(item, time.GetUtcNow()));
    }
}
