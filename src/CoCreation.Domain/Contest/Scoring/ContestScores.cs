namespace CoCreation.Contest.Scoring;

/// <summary>An entry's place on the leaderboard. <paramref name="MeanScore"/> is null without votes.</summary>
public sealed record LeaderboardRow(Guid EntryId, int Votes, double? MeanScore, double AdjustedScore, int Rank);

/// <summary>
/// Every person's current score of every entry of one contest, with what the rater-adjusted leaderboard needs:
/// per rater the sum and count of their scores, per entry the sum and its raters' scores, and the overall sum and
/// count. A new score replaces the rater's old one exactly (O(1)). Not thread-safe.
/// </summary>
/// <remarks>
/// <para>The adjusted score of entry <c>e</c> with votes <c>n</c> is a Bayesian average of rater-normalised scores:
/// each score <c>s</c> by rater <c>r</c> becomes <c>s − mean(r) + μ</c> (mean-centering: a harsh rater's 3 counts as
/// much above their own habit as a lenient rater's 5), where <c>mean(r)</c> is over every entry <c>r</c> scored and
/// <c>μ</c> is the mean of all scores; then the normalised mean is shrunk toward <c>μ</c> with prior weight <c>w</c>:
/// <c>adjusted = (w·μ + Σ(s − mean(r) + μ)) / (w + n) = μ + Σ(s − mean(r)) / (w + n)</c>. A rater with one score
/// contributes a deviation of 0 (their score is all we know of their habit). <c>w</c> is configured, or by default
/// the median votes per entry of the ranked set (at least 1), so a handful of votes moves an entry little when
/// typical entries have thousands.</para>
/// <para>Cost: <c>Σ mean(r)</c> over an entry's raters changes whenever any of them scores anything else, so it is
/// not kept incrementally (that would cost O(entries the rater scored) per score, and drift in floating point);
/// <see cref="Rank"/> sums it from the per-rater aggregates, O(votes of the ranked entries) per call — about 40
/// million for 1,286 entries × 31,125 raters all scoring everything, a few million in practice — exact, and callers
/// cache the result until the next score.</para>
/// </remarks>
public sealed class ContestScores
{
    /// <summary>
    /// Adjusted scores are rounded to this many decimals, so entries whose scores are equal in exact arithmetic tie
    /// exactly (whatever the order of the floating-point sums) and fall to the tie-breakers.
    /// </summary>
    public const int AdjustedDecimals = 9;

    private readonly Dictionary<Guid, int> _raterIndex = [];
    private readonly List<Guid> _raterIds = [];
    private readonly List<(long Sum, int Count)> _raters = [];
    private readonly Dictionary<Guid, EntryScores> _entries = [];
    private long _sum;
    private long _count;

    /// <summary>The number of effective scores.</summary>
    public long Count => _count;

    /// <summary>The mean of every effective score; 0 when there is none.</summary>
    public double OverallMean => _count == 0 ? 0 : (double)_sum / _count;

    /// <summary>Sets <paramref name="rater"/>'s score of <paramref name="entry"/>; returns the score it replaced, if any.</summary>
    public int? Set(Guid entry, Guid rater, int score)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(score, ScoreEntry.MinScore);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(score, ScoreEntry.MaxScore);
        if (!_raterIndex.TryGetValue(rater, out var index))
        {
            index = _raters.Count;
            _raterIndex[rater] = index;
            _raterIds.Add(rater);
            _raters.Add((0, 0));
        }
        if (!_entries.TryGetValue(entry, out var scores)) _entries[entry] = scores = new EntryScores();

        int? previous = scores.ByRater.TryGetValue(index, out var old) ? old : null;
        var (sum, count) = _raters[index];
        if (previous is { } replaced)
        {
            sum -= replaced;
            scores.Sum -= replaced;
            _sum -= replaced;
        }
        else
        {
            count++;
            _count++;
        }
        _raters[index] = (sum + score, count);
        scores.ByRater[index] = (byte)score;
        scores.Sum += score;
        _sum += score;
        return previous;
    }

    /// <summary>Every effective score, for snapshots.</summary>
    public IEnumerable<(Guid Entry, Guid Rater, int Score)> All() =>
        _entries.SelectMany(e => e.Value.ByRater.Select(r => (e.Key, _raterIds[r.Key], (int)r.Value)));

    /// <summary>The votes and raw mean of an entry.</summary>
    public (int Votes, double? Mean) Of(Guid entry) =>
        _entries.TryGetValue(entry, out var s) && s.ByRater.Count > 0 ? (s.ByRater.Count, (double)s.Sum / s.ByRater.Count) : (0, null);

    /// <summary>
    /// Ranks <paramref name="entries"/> by adjusted score (descending), then votes (descending), then entry id (ascending,
    /// ordinal on its "D" form); ranks are 1, 2, 3, … in that order, no two alike.
    /// </summary>
    /// <param name="priorWeight">The shrinkage weight <c>w</c>; null for the median votes per entry of <paramref name="entries"/> (at least 1).</param>
    public IReadOnlyList<LeaderboardRow> Rank(IReadOnlyCollection<Guid> entries, double? priorWeight = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var raterMeans = new double[_raters.Count];
        for (var i = 0; i < raterMeans.Length; i++) raterMeans[i] = (double)_raters[i].Sum / _raters[i].Count;
        var mu = OverallMean;
        var weight = priorWeight ?? Math.Max(1, Median([.. entries.Select(e => Of(e).Votes)]));

        var rows = new List<(Guid Entry, int Votes, double? Mean, double Adjusted)>(entries.Count);
        foreach (var entry in entries)
        {
            if (!_entries.TryGetValue(entry, out var scores) || scores.ByRater.Count == 0)
            {
                rows.Add((entry, 0, null, Math.Round(mu, AdjustedDecimals)));
                continue;
            }
            var deviation = 0.0;
            foreach (var (rater, score) in scores.ByRater) deviation += score - raterMeans[rater];
            var votes = scores.ByRater.Count;
            rows.Add((entry, votes, (double)scores.Sum / votes, Math.Round(mu + deviation / (weight + votes), AdjustedDecimals)));
        }
        return [.. rows
            .OrderByDescending(r => r.Adjusted).ThenByDescending(r => r.Votes).ThenBy(r => r.Entry.ToString(), StringComparer.Ordinal)
            .Select((r, i) => new LeaderboardRow(r.Entry, r.Votes, r.Mean, r.Adjusted, i + 1))];
    }

    private static double Median(int[] values)
    {
        if (values.Length == 0) return 0;
        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
    }

    private sealed class EntryScores
    {
        public Dictionary<int, byte> ByRater { get; } = [];

        public long Sum { get; set; }
    }
}
