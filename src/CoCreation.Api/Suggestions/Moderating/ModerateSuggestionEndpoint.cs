using CoCreation.Api.Errors;
using CoCreation.Api.Identity;
using CoCreation.EventStore.Projections;
using CoCreation.Suggestions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Suggestions.Moderating;

public sealed record ModerateSuggestionRequest(string? Decision, string? Reason);

public static class ModerateSuggestionEndpoint
{
    /// <summary>POST /api/campaigns/{campaignId}/suggestions/{suggestionId}/moderation (admin): 200 with the suggestion; 409 while merged.</summary>
    public static async Task<Results<Ok<SuggestionResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        string campaignId, string suggestionId, ModerateSuggestionRequest request, Actor actor,
        EventStore.EventStore store, ProjectionDaemon daemon, CancellationToken cancellationToken)
    {
        var errors = ModerateSuggestion.Validate(request.Decision, request.Reason);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "The moderation decision is not valid; see errors.");
        }
        var (suggestion, version) = await SuggestionStream.LoadAsync(store, campaignId, suggestionId, cancellationToken);
        if (suggestion is null)
        {
            return SuggestionProblems.NoSuggestion(campaignId, suggestionId);
        }
        var decision = ModerateSuggestion.Decide(suggestion, request.Decision!, request.Reason, actor.Value);
        if (decision.Conflict is { } conflict)
        {
            return Problems.Conflict(conflict);
        }
        await SuggestionStream.AppendAsync(store, daemon, Suggestion.StreamId(campaignId, suggestion.SuggestionId), "suggestion", version, decision.Events, actor.Value, cancellationToken);
        return TypedResults.Ok(SuggestionResponse.From(decision.Events.Aggregate(suggestion, (s, e) => Suggestion.Evolve(s, e)!)));
    }
}
