using CoCreation.Api.Campaigns;
using CoCreation.Api.Errors;
using CoCreation.Api.Identity;
using CoCreation.EventStore.Projections;
using CoCreation.Pricing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Pricing.DefiningItem;

public sealed record DefinePricingItemRequest(
    string? Name, string? Currency, long? Min, long? Max, long? Step, string? Mode, DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt,
    bool? AllowGuests = null);

public static class DefinePricingItemEndpoint
{
    /// <summary>PUT /api/campaigns/{campaignId}/pricing/{itemId} (admin): 201 created, 200 updated or unchanged.</summary>
    public static async Task<Results<Created<PricingItemResponse>, Ok<PricingItemResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        string campaignId, string itemId, DefinePricingItemRequest request, Actor actor,
        EventStore.EventStore store, ProjectionDaemon daemon, PricingItemCache cache, TimeProvider time, CancellationToken cancellationToken)
    {
        var r = request;
        var errors = DefinePricingItem.Validate(campaignId, itemId, r.Name, r.Currency, r.Min, r.Max, r.Step, r.Mode, r.OpensAt, r.ClosesAt);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "The pricing item is not valid; see errors.");
        }
        var (campaign, _) = await CampaignStream.LoadAsync(store, campaignId, cancellationToken);
        if (campaign is null)
        {
            return Problems.NoCampaign(campaignId);
        }

        var command = new DefinePricingItem(campaignId, itemId, r.Name!, r.Currency!, r.Min!.Value, r.Max!.Value, r.Step!.Value, r.Mode!,
            r.OpensAt?.ToUniversalTime(), r.ClosesAt?.ToUniversalTime(), actor.Value, r.AllowGuests ?? false);
        var (state, version) = await PricingItemStream.LoadAsync(store, campaignId, itemId, cancellationToken);
        var now = time.GetUtcNow();
        var decision = DefinePricingItem.Decide(state, command, now);
        if (decision.Conflict is { } conflict)
        {
            return Problems.Conflict(conflict);
        }

        var sequence = await PricingItemStream.AppendAsync(store, campaignId, itemId, version, decision.Events, actor, cancellationToken);
        var item = decision.Events.Aggregate(state, PricingItem.Evolve)!;
        await PricingItemWrites.SettleAsync(item, sequence, cache, daemon, cancellationToken);
        var response = PricingItemResponse.From(item, now);
        return state is null
            ? TypedResults.Created($"/api/campaigns/{campaignId}/pricing/{itemId}", response)
            : TypedResults.Ok(response);
    }
}
