using CoCreation.Api.Campaigns;
using CoCreation.Api.Errors;
using CoCreation.Api.Identity;
using CoCreation.EventStore.Projections;
using CoCreation.Voting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Voting.DefiningQuestion;

public sealed record DefineQuestionRequest(
    string? Title, string? Kind, IReadOnlyList<QuestionOption?>? Options, int? MaxChoices, int? Budget, DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt,
    bool? AllowGuests = null, bool? AllowGuestSuggestions = null);

public static class DefineQuestionEndpoint
{
    /// <summary>PUT /api/campaigns/{campaignId}/questions/{questionId} (admin): 201 created, 200 updated or unchanged.</summary>
    public static async Task<Results<Created<QuestionResponse>, Ok<QuestionResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        string campaignId, string questionId, DefineQuestionRequest request, Actor actor,
        EventStore.EventStore store, ProjectionDaemon daemon, QuestionCache cache, TimeProvider time, CancellationToken cancellationToken)
    {
        var r = request;
        var errors = DefineQuestion.Validate(campaignId, questionId, r.Title, r.Kind, r.Options, r.MaxChoices, r.Budget, r.OpensAt, r.ClosesAt);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "The question is not valid; see errors.");
        }
        var (campaign, _) = await CampaignStream.LoadAsync(store, campaignId, cancellationToken);
        if (campaign is null)
        {
            return Problems.NoCampaign(campaignId);
        }

        var command = new DefineQuestion(campaignId, questionId, r.Title!, r.Kind!, [.. r.Options!.Select(o => o!)], r.MaxChoices, r.Budget,
            r.OpensAt?.ToUniversalTime(), r.ClosesAt?.ToUniversalTime(), actor.Value, r.AllowGuests ?? false, r.AllowGuestSuggestions ?? false);
        var (state, version) = await QuestionStream.LoadAsync(store, campaignId, questionId, cancellationToken);
        var now = time.GetUtcNow();
        var decision = DefineQuestion.Decide(state, command, now);
        if (decision.Conflict is { } conflict)
        {
            return Problems.Conflict(conflict);
        }

        await QuestionStream.AppendAsync(store, daemon, cache, campaignId, questionId, version, decision.Events, actor, cancellationToken);
        var response = QuestionResponse.From(decision.Events.Aggregate(state, Question.Evolve)!, now);
        return state is null
            ? TypedResults.Created($"/api/campaigns/{campaignId}/questions/{questionId}", response)
            : TypedResults.Ok(response);
    }
}
