using CoCreation.Api.Contest.Leaderboard;
using CoCreation.Api.Errors;
using CoCreation.Api.Identity;
using CoCreation.Contest;
using CoCreation.EventStore.Projections;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Contest.ModeratingEntry;

public sealed record ModerateEntryRequest(string? Decision, string? Reason);

public static class ModerateEntryEndpoint
{
    /// <summary>POST …/entries/{entryId}/moderation (admin) <c>{decision: approve|reject, reason?}</c>: 200 with the entry.</summary>
    public static async Task<Results<Ok<EntryResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        string campaignId, string contestId, string entryId, ModerateEntryRequest request, Actor actor,
        EventStore.EventStore store, ProjectionDaemon daemon, ContestBoard board, CancellationToken cancellationToken)
    {
        var reason = ContestText.Normalize(request.Reason);
        var errors = ModerateEntry.Validate(request.Decision, reason);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, detail: "The moderation decision is not valid; see errors.");
        if (!Slug.IsValid(campaignId) || !Slug.IsValid(contestId)) return ContestProblems.NoContest(campaignId, contestId);
        if (!Guid.TryParse(entryId, out var id)) return ContestProblems.NoEntry(contestId, entryId);

        var command = new ModerateEntry(id, EntryStatus.FromDecision(request.Decision)!, reason, actor.Value);
        var decided = await ContestStream.DecideAsync<ProblemHttpResult?>(store, campaignId, contestId, state =>
        {
            if (state is null) return (ContestProblems.NoContest(campaignId, contestId), []);
            if (!state.Entries.ContainsKey(id)) return (ContestProblems.NoEntry(contestId, entryId), []);
            var decision = ModerateEntry.Decide(state, command);
            return (decision.Conflict is { } conflict ? Problems.Conflict(conflict) : null, decision.Events);
        }, actor, null, cancellationToken);
        if (decided.Outcome is { } problem) return problem;

        await ContestWrites.SettleAsync(daemon, decided.Result?.LastSequence, campaignPage: false, cancellationToken);
        var entry = board.Entry(campaignId, contestId, id);
        return entry is { } e
            ? TypedResults.Ok(ContestAccess.Describe(campaignId, contestId, e.Entry, e.History))
            : ContestProblems.NoEntry(contestId, entryId);
    }
}
