using CoCreation.Api.Identity;
using CoCreation.Participants;
using CoCreation.Pricing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CoCreation.Api.Pricing.SubmittingPrice;

public static class SubmitPriceEndpoint
{
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>
    /// POST /api/campaigns/{campaignId}/pricing/{itemId}/submissions (participant): 201 once the answer is committed,
    /// 200 with the first result when the same key and answer come again.
    /// </summary>
    public static async Task<Results<Created<SubmissionResponse>, Ok<SubmissionResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        string campaignId, string itemId, [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey, SubmitPriceRequest request,
        Actor actor, PricingItemCache items, ParticipantDirectory participants, EventStore.EventStore store, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (SubmissionKey.Parse(idempotencyKey) is not { } key)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [IdempotencyHeader] = ["An Idempotency-Key header holding a UUID is required."] },
                detail: "The request needs an Idempotency-Key header holding a UUID, so that a retry is not counted twice.");
        }
        var item = Slug.IsValid(campaignId) && Slug.IsValid(itemId) ? await items.GetAsync(campaignId, itemId, cancellationToken) : null;
        if (item is null)
        {
            return PricingProblems.NoItem(campaignId, itemId);
        }
        var answer = request.ToAnswer();
        var errors = SubmitPrice.Validate(item, answer);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "The answer is not valid for this item; see errors.");
        }
        if (!item.IsOpen(time.GetUtcNow()))
        {
            return PricingProblems.NotOpen(itemId);
        }

        var participantId = await participants.ResolveAsync(actor.OneId!, cancellationToken);
        var result = await PriceSubmissions.AppendAsync(store, item, participantId, actor.Channel!, SubmitPrice.Normalize(answer), key,
            PriceSubmissions.ParticipantActor(participantId), cancellationToken);
        var response = new SubmissionResponse(result.FirstEventId, result.FirstSequence);
        return result.Replayed ? TypedResults.Ok(response) : TypedResults.Created((string?)null, response);
    }
}
