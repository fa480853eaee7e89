using CoCreation.Api.Errors;
using CoCreation.Api.Identity;
using CoCreation.Api.Identity.Guests;
using CoCreation.EventStore.Projections;
using CoCreation.Participants;
using CoCreation.Suggestions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Suggestions.Upvoting;

/// <summary>Whether the caller's upvote stands after the request.</summary>
public sealed record UpvoteResponse(Guid SuggestionId, bool Upvoted);

public static class UpvoteEndpoints
{
    /// <summary>POST /api/campaigns/{campaignId}/suggestions/{suggestionId}/upvote (participant): 200, a second upvote changes nothing; 409 unless approved.</summary>
    public static async Task<Results<Ok<UpvoteResponse>, ProblemHttpResult>> Upvote(
        string campaignId, string suggestionId, Actor actor, ParticipantDirectory participants, EventStore.EventStore store, ProjectionDaemon daemon,
        CancellationToken cancellationToken)
    {
        var (suggestion, _) = await SuggestionStream.LoadAsync(store, campaignId, suggestionId, cancellationToken);
        if (suggestion is null)
        {
            return SuggestionProblems.NoSuggestion(campaignId, suggestionId);
        }
        if (suggestion.Status != SuggestionStatuses.Approved)
        {
            return Problems.Conflict($"Only approved suggestions take upvotes; this one is {suggestion.Status}.");
        }
        return await ChangeAsync(suggestion, actor, UpvoteSuggestion.Upvote, participants, store, daemon, cancellationToken);
    }

    /// <summary>DELETE /api/campaigns/{campaignId}/suggestions/{suggestionId}/upvote (participant): 200, withdrawing what is not there changes nothing.</summary>
    public static async Task<Results<Ok<UpvoteResponse>, ProblemHttpResult>> Withdraw(
        string campaignId, string suggestionId, Actor actor, ParticipantDirectory participants, EventStore.EventStore store, ProjectionDaemon daemon,
        CancellationToken cancellationToken)
    {
        var (suggestion, _) = await SuggestionStream.LoadAsync(store, campaignId, suggestionId, cancellationToken);
        if (suggestion is null)
        {
            return SuggestionProblems.NoSuggestion(campaignId, suggestionId);
        }
        return await ChangeAsync(suggestion, actor, UpvoteSuggestion.Withdraw, participants, store, daemon, cancellationToken);
    }

    private static async Task<Results<Ok<UpvoteResponse>, ProblemHttpResult>> ChangeAsync(
        Suggestion suggestion, Actor actor, Func<Suggestion, Guid, bool, IReadOnlyList<object>> decide, ParticipantDirectory participants,
        EventStore.EventStore store, ProjectionDaemon daemon, CancellationToken cancellationToken)
    {
        if (actor.IsGuest)
        {
            var (question, _) = await Voting.QuestionStream.LoadAsync(store, suggestion.CampaignId, suggestion.QuestionId, cancellationToken);
            if (await GuestAccess.RefuseAsync(actor, store, suggestion.CampaignId, question?.AllowGuestSuggestions == true,
                $"the suggestions on question '{suggestion.QuestionId}'", cancellationToken) is { } refused)
            {
                return refused;
            }
        }
        var participantId = await participants.ResolveAsync(actor, cancellationToken);
        var streamId = Suggestion.UpvoteStreamId(suggestion.CampaignId, suggestion.SuggestionId, participantId);
        var stream = await store.ReadStreamAsync(streamId, cancellationToken: cancellationToken);
        var events = decide(suggestion, participantId, UpvoteSuggestion.IsUpvoted(stream.Select(e => e.Data)));
        await SuggestionStream.AppendAsync(store, daemon, streamId, "upvote", stream.Count == 0 ? 0 : stream[^1].Version, events,
            GuestAccess.ActorOf(actor, participantId), cancellationToken);
        return TypedResults.Ok(new UpvoteResponse(suggestion.SuggestionId, UpvoteSuggestion.IsUpvoted(stream.Select(e => e.Data).Concat(events))));
    }
}
