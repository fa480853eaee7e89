using CoCreation.Api.Contest.Leaderboard;
using CoCreation.Api.Errors;
using CoCreation.Api.Identity;
using CoCreation.Contest;
using CoCreation.EventStore.Projections;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Contest.ChangingStage;

public sealed record ChangeStageRequest(string? Stage, IReadOnlyList<Guid>? EntryIds);

public static class ChangeStageEndpoint
{
    /// <summary>
    /// POST …/contests/{contestId}/stage (admin) <c>{stage, entryIds?}</c>: 200 with the contest; 409 when the stage does
    /// not move forward; 400 when shortlist or final name entries that are not approved entries of the current stage.
    /// </summary>
    public static async Task<Results<Ok<ContestResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        string campaignId, string contestId, ChangeStageRequest request, Actor actor,
        EventStore.EventStore store, ProjectionDaemon daemon, ContestBoard board, CancellationToken cancellationToken)
    {
        var errors = ChangeStage.Validate(request.Stage, request.EntryIds);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, detail: "The stage change is not valid; see errors.");
        if (!Slug.IsValid(campaignId) || !Slug.IsValid(contestId)) return ContestProblems.NoContest(campaignId, contestId);

        var command = new ChangeStage(request.Stage!, request.EntryIds ?? [], actor.Value);
        var decided = await ContestStream.DecideAsync<IResult?>(store, campaignId, contestId, state =>
        {
            if (state is null) return (ContestProblems.NoContest(campaignId, contestId), []);
            var (decision, invalid) = ChangeStage.Decide(state, command);
            if (decision.Conflict is { } conflict) return (Problems.Conflict(conflict), []);
            if (invalid.Count > 0) return (TypedResults.ValidationProblem(invalid, detail: "The named entries cannot go through; see errors."), []);
            return (null, decision.Events);
        }, actor, null, cancellationToken);
        switch (decided.Outcome)
        {
            case ProblemHttpResult problem: return problem;
            case ValidationProblem validation: return validation;
        }

        await ContestWrites.SettleAsync(daemon, decided.Result?.LastSequence, campaignPage: true, cancellationToken);
        return board.Describe(campaignId, contestId) is { } contest ? TypedResults.Ok(contest) : ContestProblems.NoContest(campaignId, contestId);
    }
}
