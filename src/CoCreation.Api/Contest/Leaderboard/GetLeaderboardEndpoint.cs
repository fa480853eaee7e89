using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Contest.Leaderboard;

public static class GetLeaderboardEndpoint
{
    public const int MaxLimit = 10_000;

    /// <summary>
    /// GET …/contests/{contestId}/leaderboard?limit= (public): the approved entries of the current stage's set, ranked by
    /// adjusted score, then votes, then entry id; the first <c>limit</c> rows (all by default).
    /// </summary>
    public static Results<Ok<IReadOnlyList<LeaderboardEntry>>, ValidationProblem, ProblemHttpResult> Handle(
        string campaignId, string contestId, string? limit, ContestBoard board)
    {
        var count = MaxLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLimit))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["limit"] = [$"The limit must be a whole number from 1 to {MaxLimit:N0}."] },
                detail: "The leaderboard query is not valid; see errors.");
        }
        return board.Leaderboard(campaignId, contestId) is { } rows
            ? TypedResults.Ok<IReadOnlyList<LeaderboardEntry>>([.. rows.Take(count)])
            : ContestProblems.NoContest(campaignId, contestId);
    }
}
