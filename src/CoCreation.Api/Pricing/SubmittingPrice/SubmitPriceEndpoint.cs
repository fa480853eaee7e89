using CoCreation.Api.Flags;
using CoCreation.Api.Identity;
using CoCreation.Api.Identity.Guests;
using CoCreation.Api.Infrastructure;
using CoCreation.Flags;
using CoCreation.Participants;
using CoCreation.Pricing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CoCreation.Api.Pricing.SubmittingPrice;

public static class SubmitPriceEndpoint
{
    /// <summary>
    /// POST /api/campaigns/{campaignId}/pricing/{itemId}/submissions (participant): 201 once the answer is committed,
    /// 200 with the first result when the same key and answer come again.
    /// </summary>
    public static async Task<Results<Created<SubmissionResponse>, Ok<SubmissionResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        string campaignId, string itemId, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, SubmitPriceRequest request,
        Actor actor, HttpContext context, PricingItemCache items, ParticipantDirectory participants, NetworkPseudonyms networks,
        EventStore.EventStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (IdempotencyKeys.Parse(idempotencyKey) is not { } key)
        {
            return IdempotencyKeys.Missing();
        }
        var item = Slug.IsValid(campaignId) && Slug.IsValid(itemId) ? await items.GetAsync(campaignId, itemId, cancellationToken) : null;
        if (item is null)
        {
            return PricingProblems.NoItem(campaignId, itemId);
        }
        var answer = request.ToAnswer();
        var errors = SubmitPrice.Validate(item, answer);
        Dwell.Validate(request.DwellMs, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "The answer is not valid for this item; see errors.");
        }
        if (!item.IsOpen(time.GetUtcNow()))
        {
            return PricingProblems.NotOpen(itemId);
        }

        if (await GuestAccess.RefuseAsync(actor, store, campaignId, item.AllowGuests, $"pricing item '{itemId}'", cancellationToken) is { } refused)
        {
            return refused;
        }

        var participantId = await participants.ResolveAsync(actor, cancellationToken);
        var result = await PriceSubmissions.AppendAsync(store, item, participantId, actor.Channel!, SubmitPrice.Normalize(answer),
            networks.Of(context, request.DwellMs), key, GuestAccess.ActorOf(actor, participantId), cancellationToken);
        var response = new SubmissionResponse(result.FirstEventId, result.FirstSequence);
        return result.Replayed ? TypedResults.Ok(response) : TypedResults.Created((string?)null, response);
    }
}
