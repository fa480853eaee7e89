using System.Security.Cryptography;
using System.Text;
using CoCreation.Api.Identity;
using CoCreation.Api.Identity.Guests;
using CoCreation.Api.Infrastructure;
using CoCreation.Participants;
using CoCreation.Api.Voting;
using CoCreation.EventStore;
using CoCreation.EventStore.Projections;
using CoCreation.Suggestions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Suggestions.Suggesting;

public sealed record SubmitSuggestionRequest(string? Text);

/// <summary>A stored suggestion, waiting for moderation.</summary>
public sealed record SubmittedSuggestion(Guid SuggestionId, string Status, long Sequence);

public static class SubmitSuggestionEndpoint
{
    /// <summary>
    /// POST /api/campaigns/{campaignId}/questions/{questionId}/suggestions (participant, <c>Idempotency-Key</c> required):
    /// 201 pending once committed, 200 with the first answer on a replay, 422 when the key comes with another text.
    /// </summary>
    public static async Task<Results<Created<SubmittedSuggestion>, Ok<SubmittedSuggestion>, ValidationProblem, ProblemHttpResult>> Handle(
        string campaignId, string questionId, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, SubmitSuggestionRequest request,
        Actor actor, QuestionCache questions, ParticipantDirectory participants, EventStore.EventStore store, ProjectionDaemon daemon,
        IOptions<SuggestionsOptions> options, TimeProvider time, CancellationToken cancellationToken)
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
        var (text, errors) = SuggestionText.Check(request.Text, options.Value.BannedWords);
        if (text is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["text"] = errors }, detail: "The suggestion is not valid; see errors.");
        }
        if (!question.IsOpen(time.GetUtcNow()))
        {
            return VotingProblems.NotOpen(questionId);
        }

        if (await GuestAccess.RefuseAsync(actor, store, campaignId, question.AllowGuestSuggestions, $"the suggestions on question '{questionId}'",
            cancellationToken) is { } refused)
        {
            return refused;
        }
        var participantId = await participants.ResolveAsync(actor, cancellationToken);
        var suggestionId = IdOf(participantId, key);
        var result = await store.AppendAsync(Suggestion.StreamId(campaignId, suggestionId),
            [new SuggestionSubmitted(campaignId, questionId, suggestionId, participantId, actor.Channel!, text)],
            new AppendOptions
            {
                Expected = ExpectedVersion.NoStream,
                Idempotency = new IdempotencyKey($"suggestion:{participantId:N}:{key:D}", IdempotencyKeys.Fingerprint($"{campaignId}/{questionId}", new { text })),
                Actor = GuestAccess.ActorOf(actor, participantId),
                StreamType = "suggestion",
            }, cancellationToken);
        await SuggestionStream.SettleAsync(daemon, result.LastSequence, cancellationToken);
        var response = new SubmittedSuggestion(suggestionId, SuggestionStatuses.Pending, result.FirstSequence);
        return result.Replayed
            ? TypedResults.Ok(response)
            : TypedResults.Created((string?)null, response);
    }

    /// <summary>
    /// The suggestion's id follows from the person and their key, so a replay names the same suggestion as the
    /// first request (the store answers a replay with the first positions, not with what the request would have made).
    /// </summary>
    private static Guid IdOf(Guid participantId, Guid key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"suggestion:{participantId:N}:{key:D}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}
