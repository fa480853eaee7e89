using CoCreation.Api.Contest.Leaderboard;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Contest.DefiningContest;

public static class GetContestEndpoint
{
    /// <summary>GET /api/campaigns/{campaignId}/contests/{contestId}: public, from the live board.</summary>
    public static Results<Ok<ContestResponse>, ProblemHttpResult> Handle(string campaignId, string contestId, ContestBoard board) =>
        board.Describe(campaignId, contestId) is { } contest ? TypedResults.Ok(contest) : ContestProblems.NoContest(campaignId, contestId);
}
