using CoCreation.Api.Infrastructure;
using CoCreation.Api.Live.Topics;

namespace CoCreation.Api.Contest.Leaderboard;

/// <summary>
/// Each contest's leaderboard as a live topic: <c>leaderboard(contestId, rows, asOf)</c> with the first
/// <see cref="Rows"/> rows of <c>GET …/contests/{k}/leaderboard</c> and the contest's last event they include.
/// </summary>
/// <remarks>
/// The rows are a bare array (the REST body), so the sequence a client needs to drop a stale message travels as a
/// third argument. Pushes are capped because a contest may have over a thousand entries and every push goes to
/// every watcher; a client that wants more reads the REST endpoint.
/// </remarks>
internal sealed class LeaderboardTopics(ContestBoard board) : ILiveTopicSource
{
    /// <summary>Rows per push: a full overlay board (an award list of 24 places), a few kilobytes of JSON.</summary>
    public const int Rows = 24;

    public string Method => "leaderboard";

    public bool IsResult => true;

    public IEnumerable<LiveTopicVersion> TopicsOf(string campaignId) =>
        board.ContestsOf(campaignId).Select(contest => new LiveTopicVersion(contest.ContestId, contest.Sequence));

    public LiveMessage? Render(string campaignId, string topicId) =>
        board.Board(campaignId, topicId) is (var rows, var asOf)
            ? new LiveMessage([topicId, rows.Take(Rows).ToList(), asOf], asOf.Sequence)
            : null;
}
