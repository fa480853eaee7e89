using CoCreation.Api.Campaigns;
using CoCreation.Api.Contest.Leaderboard;
using CoCreation.Api.Errors;
using CoCreation.Api.Identity;
using CoCreation.Contest;
using CoCreation.EventStore.Projections;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Contest.DefiningContest;

public sealed record DefineContestRequest(string? Title, string? Description, bool? AllowGuests = null);

public static class DefineContestEndpoint
{
    /// <summary>PUT /api/campaigns/{campaignId}/contests/{contestId} (admin): 201 created, 200 updated or unchanged.</summary>
    public static async Task<Results<Created<ContestResponse>, Ok<ContestResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        string campaignId, string contestId, DefineContestRequest request, Actor actor,
        EventStore.EventStore store, ProjectionDaemon daemon, ContestBoard board, CancellationToken cancellationToken)
    {
        var title = request.Title?.Trim();
        var description = ContestText.Normalize(request.Description);
        var errors = DefineContest.Validate(campaignId, contestId, title, description);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, detail: "The contest is not valid; see errors.");
        if ((await CampaignStream.LoadAsync(store, campaignId, cancellationToken)).State is null) return Problems.NoCampaign(campaignId);

        var command = new DefineContest(campaignId, contestId, title!, description, actor.Value, request.AllowGuests ?? false);
        var decided = await ContestStream.DecideAsync(store, campaignId, contestId,
            state => (state is null, DefineContest.Decide(state, command).Events), actor, null, cancellationToken);
        await ContestWrites.SettleAsync(daemon, decided.Result?.LastSequence, campaignPage: true, cancellationToken);

        var response = board.Describe(campaignId, contestId) ?? Describe(decided.After!);
        return decided.Outcome
            ? TypedResults.Created($"/api/campaigns/{campaignId}/contests/{contestId}", response)
            : TypedResults.Ok(response);
    }

    /// <summary>The contest from its state alone, when this node's board has not caught up within the wait.</summary>
    private static ContestResponse Describe(DesignContest contest) =>
        new(contest.ContestId, contest.CampaignId, contest.Title, contest.Description, contest.Stage, [],
            contest.Entries.Values.Count(e => e.Status == EntryStatus.Approved), contest.AllowGuests);
}
