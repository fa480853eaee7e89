namespace CoCreation.Voting;

/// <summary>One mark of a ballot in a tally: the option's index in the question and the value given (1, a score, or points).</summary>
public readonly record struct TallyMark(int Option, int Value);

/// <summary>The figures of one option over the ballots of a tally (see <see cref="VoteTally.Summarize"/>).</summary>
/// <param name="Votes">People marking the option (choosing it, scoring it, giving it more than 0 points).</param>
/// <param name="Share">single, multi, score: votes / participants; points: the option's points / all points given.</param>
/// <param name="Low">Lower end of the 95% interval of <paramref name="Share"/>.</param>
/// <param name="High">Upper end of the 95% interval of <paramref name="Share"/>.</param>
/// <param name="MeanScore">score: the mean of the scores given to the option.</param>
/// <param name="Points">points: the points given to the option in all.</param>
/// <param name="PeopleShare">points: votes / participants, the share of people giving the option any points.</param>
/// <param name="PeopleLow">points: lower end of the Wilson interval of <paramref name="PeopleShare"/>.</param>
/// <param name="PeopleHigh">points: upper end of the Wilson interval of <paramref name="PeopleShare"/>.</param>
public sealed record OptionFigures(
    long Votes, double Share, double Low, double High, double? MeanScore = null, long? Points = null,
    double? PeopleShare = null, double? PeopleLow = null, double? PeopleHigh = null);

/// <summary>
/// Exact sums over the current ballots of one question (or one cut of it): per option the people marking it,
/// the sum of their values, of their squares and of value × that person's ballot total; overall the number of
/// ballots, the sum of ballot totals and of their squares. Adding and removing a ballot cost O(its marks), so a
/// replaced ballot leaves no trace; the sums are all the intervals need. Not thread-safe.
/// </summary>
public sealed class VoteTally(int options)
{
    private readonly long[] _votes = new long[options];
    private readonly long[] _sums = new long[options];
    private readonly long[] _squares = new long[options];
    private readonly long[] _cross = new long[options];
    private long _totals;
    private long _totalSquares;

    /// <summary>People whose ballot is counted.</summary>
    public long Participants { get; private set; }

    public int Options => _votes.Length;

    public void Add(IReadOnlyList<TallyMark> marks) => Count(marks, +1);

    public void Remove(IReadOnlyList<TallyMark> marks) => Count(marks, -1);

    private void Count(IReadOnlyList<TallyMark> marks, int sign)
    {
        ArgumentNullException.ThrowIfNull(marks);
        long total = 0;
        foreach (var mark in marks) total += mark.Value;
        foreach (var mark in marks)
        {
            _votes[mark.Option] += sign;
            _sums[mark.Option] += sign * (long)mark.Value;
            _squares[mark.Option] += sign * (long)mark.Value * mark.Value;
            _cross[mark.Option] += sign * mark.Value * total;
        }
        Participants += sign;
        _totals += sign * total;
        _totalSquares += sign * total * total;
    }

    /// <summary>
    /// Every option's figures for a question of <paramref name="kind"/>. Intervals are 95%: for single, multi and
    /// score the Wilson interval of votes / participants; for points the share is a ratio of two sums over people
    /// (the option's points over all points), so its interval is the ratio estimator's normal interval
    /// R ± z·√(n/(n−1) · Σ(xᵢ − R·tᵢ)² / T²) (xᵢ the person's points to the option, tᵢ their total, T = Σtᵢ;
    /// the delta method), clamped to [0, 1]; [0, 1] when fewer than two people gave points.
    /// </summary>
    public IReadOnlyList<OptionFigures> Summarize(string kind)
    {
        var figures = new OptionFigures[_votes.Length];
        var n = Participants;
        for (var i = 0; i < figures.Length; i++)
        {
            var votes = _votes[i];
            var peopleShare = n == 0 ? 0 : (double)votes / n;
            var (low, high) = Wilson.Interval(votes, n);
            figures[i] = kind switch
            {
                QuestionKinds.Score => new OptionFigures(votes, peopleShare, low, high, MeanScore: votes == 0 ? null : (double)_sums[i] / votes),
                QuestionKinds.Points => PointsFigures(i, votes, peopleShare, low, high),
                _ => new OptionFigures(votes, peopleShare, low, high),
            };
        }
        return figures;
    }

    private OptionFigures PointsFigures(int option, long votes, double peopleShare, double peopleLow, double peopleHigh)
    {
        var n = Participants;
        var share = _totals == 0 ? 0 : (double)_sums[option] / _totals;
        var (low, high) = (0.0, 1.0);
        if (n >= 2 && _totals > 0)
        {
            var residuals = _squares[option] - 2 * share * _cross[option] + share * share * _totalSquares;
            var standardError = Math.Sqrt(Math.Max(0, residuals) * n / (n - 1)) / _totals;
            (low, high) = (Math.Max(0, share - Wilson.Z95 * standardError), Math.Min(1, share + Wilson.Z95 * standardError));
        }
        return new OptionFigures(votes, share, low, high, Points: _sums[option], PeopleShare: peopleShare, PeopleLow: peopleLow, PeopleHigh: peopleHigh);
    }
}
