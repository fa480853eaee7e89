using CoCreation.Api.Flags;
using CoCreation.Api.Identity;
using CoCreation.Api.Identity.Guests;
using CoCreation.Api.Infrastructure;
using CoCreation.Participants;
using CoCreation.Api.Pricing.SubmittingPrice;
using CoCreation.EventStore;
using CoCreation.Flags;
using CoCreation.Voting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CoCreation.Api.Voting.CastingBallot;

/// <summary>
/// single/multi <c>{choices}</c>, score <c>{scores}</c>, points <c>{allocation}</c>; each with an optional <c>segment</c>
/// and an optional <c>dwellMs</c> (how long the form was shown; an abuse signal, not part of the ballot).
/// </summary>
public sealed record CastBallotRequest(
    IReadOnlyList<string>? Choices, IReadOnlyDictionary<string, int>? Scores, IReadOnlyDictionary<string, int>? Allocation, SegmentRequest? Segment,
    long? DwellMs = null)
{
    public BallotAnswer ToAnswer() => new(Choices, Scores, Allocation, Segment?.Region, Segment?.AgeBand);
}

/// <summary>A stored ballot: the event's id and its position in the log.</summary>
public sealed record BallotResponse(Guid BallotId, long Sequence);

public static class CastBallotEndpoint
{
    /// <summary>
    /// POST /api/campaigns/{campaignId}/questions/{questionId}/ballots (participant): 201 once the ballot is committed,
    /// 200 with the first result when the same key and ballot come again, 422 when the key comes with another ballot.
    /// </summary>
    public static async Task<Results<Created<BallotResponse>, Ok<BallotResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        string campaignId, string questionId, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, CastBallotRequest request,
        Actor actor, HttpContext context, QuestionCache questions, ParticipantDirectory participants, NetworkPseudonyms networks, EventStore.EventStore store,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (IdempotencyKeys.Parse(idempotencyKey) is not { } key)
        {
            return IdempotencyKeys.Missing();
        }
        var question = await questions.GetAsync(campaignId, questionId, cancellationToken);
        if (question is null)
        {
            return VotingProblems.NoQuestion(campaignId, questionId);
        }
        var answer = request.ToAnswer();
        var errors = CastBallot.Validate(question, answer);
        Dwell.Validate(request.DwellMs, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "The ballot is not valid for this question; see errors.");
        }
        if (!question.IsOpen(time.GetUtcNow()))
        {
            return VotingProblems.NotOpen(questionId);
        }

        if (await GuestAccess.RefuseAsync(actor, store, campaignId, question.AllowGuests, $"question '{questionId}'", cancellationToken) is { } refused)
        {
            return refused;
        }
        var participantId = await participants.ResolveAsync(actor, cancellationToken);
        var ballot = CastBallot.Record(question, participantId, actor.Channel!, answer, networks.Of(context, request.DwellMs));
        var result = await store.AppendAsync(Question.BallotStreamId(campaignId, questionId, participantId), [ballot], new AppendOptions
        {
            Expected = ExpectedVersion.Any,
            // The fingerprint covers what the ballot says, not how it was spelled: choices in another order are the same
            // ballot; nor how it arrived (dwell, network): a retry is the same ballot.
            Idempotency = new IdempotencyKey($"ballot:{participantId:N}:{key:D}",
                IdempotencyKeys.Fingerprint($"{campaignId}/{questionId}", new { ballot.Marks, ballot.Region, ballot.AgeBand })),
            Actor = GuestAccess.ActorOf(actor, participantId),
            StreamType = "ballot",
        }, cancellationToken);
        var response = new BallotResponse(result.FirstEventId, result.FirstSequence);
        return result.Replayed ? TypedResults.Ok(response) : TypedResults.Created((string?)null, response);
    }
}
