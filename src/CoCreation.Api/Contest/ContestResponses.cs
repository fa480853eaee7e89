namespace CoCreation.Api.Contest;

/// <summary>When a contest entered a stage, or what happened to an entry (submitted, approved, rejected, voting, shortlist, final).</summary>
public sealed record StageMark(string Stage, DateTimeOffset At);

/// <summary>A contest as clients read it: its stage, the history of its stages, and whether guests may take part.</summary>
public sealed record ContestResponse(
    string Id, string CampaignId, string Title, string? Description, string Stage, IReadOnlyList<StageMark> Stages, int ApprovedEntries,
    bool AllowGuests);

/// <summary>
/// An entry as clients read it. <paramref name="Stage"/> is the furthest stage it reached (submission until it takes
/// part in voting). There is no thumbnail: <paramref name="ImageUrl"/> serves the original, and the width and height
/// let a page or overlay scale it. The author is never shown.
/// </summary>
public sealed record EntryResponse(
    Guid Id, string ContestId, string Title, string? Description, string Status, string Stage,
    string ImageUrl, int Width, int Height, string ContentType, long ImageBytes, string ImageSha256, DateTimeOffset SubmittedAt,
    IReadOnlyList<StageMark> History);

/// <summary>One row of the leaderboard, see <see cref="CoCreation.Contest.Scoring.ContestScores"/> for the adjusted score.</summary>
public sealed record LeaderboardEntry(Guid EntryId, string Title, string Stage, int Votes, double? MeanScore, double AdjustedScore, int Rank);

/// <summary>How the contest slice is tuned (<c>Contest:…</c>).</summary>
public sealed class ContestOptions
{
    public const string Section = "Contest";

    /// <summary>
    /// The leaderboard's shrinkage weight (prior votes at the overall mean); null for the median votes per entry of
    /// the ranked set.
    /// </summary>
    public double? PriorWeight { get; set; }
}
