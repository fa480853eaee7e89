namespace CoCreation.Testing;

/// <summary>
/// The contest leaderboard computed directly from a list of (rater, entry, score), written independently of the code
/// under test: rater means and the overall mean by LINQ, each score centred on its rater's mean, a Bayesian average
/// toward the overall mean with weight w (default: the median votes per entry, at least 1), rounded to <c>decimals</c>
/// (ties in exact arithmetic stay ties), then sorted by adjusted score, votes and entry id.
/// </summary>
public static class LeaderboardOracle
{
    public static List<(Guid Entry, int Votes, double Mean, double Adjusted)> Rank(
        IReadOnlyList<(Guid Rater, Guid Entry, int Score)> scores, IReadOnlyList<Guid> entries, double? weight = null, int decimals = 9)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(entries);
        var raterMean = scores.GroupBy(s => s.Rater).ToDictionary(g => g.Key, g => g.Average(s => s.Score));
        var mu = scores.Count == 0 ? 0 : scores.Average(s => s.Score);
        var votes = entries.Select(e => scores.Count(s => s.Entry == e)).Order().ToList();
        var median = votes.Count == 0 ? 0 : votes.Count % 2 == 1 ? votes[votes.Count / 2] : (votes[votes.Count / 2 - 1] + votes[votes.Count / 2]) / 2.0;
        var w = weight ?? Math.Max(1, median);
        var byEntry = scores.ToLookup(s => s.Entry);
        return [.. entries.Select(e =>
            {
                var mine = byEntry[e].ToList();
                var normalised = mine.Sum(s => s.Score - raterMean[s.Rater] + mu);
                return (Entry: e, Votes: mine.Count, Mean: mine.Count == 0 ? double.NaN : mine.Average(s => s.Score), Adjusted: Math.Round((w * mu + normalised) / (w + mine.Count), decimals));
            })
            .OrderByDescending(r => r.Adjusted).ThenByDescending(r => r.Votes).ThenBy(r => r.Entry.ToString(), StringComparer.Ordinal)];
    }
}
