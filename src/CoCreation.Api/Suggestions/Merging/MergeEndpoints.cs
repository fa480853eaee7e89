using CoCreation.Api.Errors;
using CoCreation.Api.Identity;
using CoCreation.EventStore.Projections;
using CoCreation.Suggestions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Suggestions.Merging;

public sealed record MergeSuggestionRequest(string? Into);

public static class MergeEndpoints
{
    /// <summary>
    /// POST /api/campaigns/{campaignId}/suggestions/{suggestionId}/merge (admin) <c>{into}</c>: 200 with the merged suggestion;
    /// 400 for itself, another question or no such target; 409 when either side's status forbids it.
    /// </summary>
    public static async Task<Results<Ok<SuggestionResponse>, ValidationProblem, ProblemHttpResult>> Merge(
        string campaignId, string suggestionId, MergeSuggestionRequest request, Actor actor,
        EventStore.EventStore store, ProjectionDaemon daemon, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(request.Into, out _))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["into"] = ["The id of the suggestion to merge into (a UUID) is required."] },
                detail: "The merge is not valid; see errors.");
        }
        var (source, version) = await SuggestionStream.LoadAsync(store, campaignId, suggestionId, cancellationToken);
        if (source is null)
        {
            return SuggestionProblems.NoSuggestion(campaignId, suggestionId);
        }
        var (target, _) = await SuggestionStream.LoadAsync(store, campaignId, request.Into!, cancellationToken);
        var errors = MergeSuggestion.Validate(source, target);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "The merge is not valid; see errors.");
        }
        return await AppendAsync(campaignId, source, version, MergeSuggestion.Decide(source, target!, actor.Value), actor, store, daemon, cancellationToken);
    }

    /// <summary>POST /api/campaigns/{campaignId}/suggestions/{suggestionId}/unmerge (admin): 200 with the suggestion back on its own; 409 when not merged.</summary>
    public static async Task<Results<Ok<SuggestionResponse>, ValidationProblem, ProblemHttpResult>> Unmerge(
        string campaignId, string suggestionId, Actor actor, EventStore.EventStore store, ProjectionDaemon daemon, CancellationToken cancellationToken)
    {
        var (source, version) = await SuggestionStream.LoadAsync(store, campaignId, suggestionId, cancellationToken);
        if (source is null)
        {
            return SuggestionProblems.NoSuggestion(campaignId, suggestionId);
        }
        return await AppendAsync(campaignId, source, version, MergeSuggestion.Unmerge(source, actor.Value), actor, store, daemon, cancellationToken);
    }

    private static async Task<Results<Ok<SuggestionResponse>, ValidationProblem, ProblemHttpResult>> AppendAsync(
        string campaignId, Suggestion source, long version, Decision decision, Actor actor, EventStore.EventStore store, ProjectionDaemon daemon,
        CancellationToken cancellationToken)
    {
        if (decision.Conflict is { } conflict)
        {
            return Problems.Conflict(conflict);
        }
        await SuggestionStream.AppendAsync(store, daemon, Suggestion.StreamId(campaignId, source.SuggestionId), "suggestion", version, decision.Events, actor.Value, cancellationToken);
        return TypedResults.Ok(SuggestionResponse.From(decision.Events.Aggregate(source, (s, e) => Suggestion.Evolve(s, e)!)));
    }
}
