using CoCreation.Api.Tests.Pricing.Statistics;
using CoCreation.Api.Voting.Results;
using CoCreation.EventStore;
using CoCreation.Voting;

namespace CoCreation.Api.Tests.Voting;

/// <summary>
/// A question and random ballots from a few hundred people, many of whom vote again through another channel or
/// region; and the recount of it done here, apart from the code under test: each person's last ballot, filtered,
/// counted, and the intervals worked out from their formulas.
/// </summary>
internal sealed class BallotScenario
{
    public const string Campaign = "launch";

    public static readonly string[] ChannelsUsed = ["app", "wechat", "livestream"];

    public static readonly string?[] RegionsUsed = [null, "Beijing", "Shanghai"];

    private const double Z = 1.959963984540054;

    private BallotScenario(QuestionDefined question, IReadOnlyList<BallotCast> ballots)
    {
        Question = question;
        Ballots = ballots;
    }

    public QuestionDefined Question { get; }

    public IReadOnlyList<BallotCast> Ballots { get; }

    public static BallotScenario Random(string kind, int seed, int people = 300, int ballots = 1_200)
    {
        var random = new Random(seed);
        QuestionOption[] options = [.. Enumerable.Range(0, 5).Select(i => new QuestionOption($"opt-{i}", $"Option {i}"))];
        var question = new QuestionDefined(Campaign, $"{kind}-{seed}", "Which?", kind, options,
            kind == QuestionKinds.Multi ? 3 : null, kind == QuestionKinds.Points ? 100 : null, null, null, "admin:test");
        var persons = Enumerable.Range(0, people).Select(_ => Guid.CreateVersion7()).ToArray();
        var cast = new List<BallotCast>();
        for (var i = 0; i < ballots; i++)
        {
            var person = persons[random.Next(persons.Length)];
            var marks = RandomMarks(kind, options, random);
            cast.Add(new BallotCast(Campaign, question.QuestionId, person, ChannelsUsed[random.Next(ChannelsUsed.Length)], marks,
                RegionsUsed[random.Next(RegionsUsed.Length)], null));
        }
        return new BallotScenario(question, cast);
    }

    private static BallotMark[] RandomMarks(string kind, QuestionOption[] options, Random random)
    {
        // Skewed toward the first options so the shares differ.
        var shuffled = options.OrderBy(o => random.NextDouble() * (1 + Array.IndexOf(options, o))).ToArray();
        return kind switch
        {
            QuestionKinds.Single => [new(shuffled[0].Id, 1)],
            QuestionKinds.Multi => [.. shuffled.Take(random.Next(1, 4)).Select(o => new BallotMark(o.Id, 1)).OrderBy(m => m.OptionId, StringComparer.Ordinal)],
            QuestionKinds.Score => [.. shuffled.Take(random.Next(1, 6)).Select(o => new BallotMark(o.Id, random.Next(1, 6))).OrderBy(m => m.OptionId, StringComparer.Ordinal)],
            _ => PointsMarks(shuffled, random),
        };
    }

    private static BallotMark[] PointsMarks(QuestionOption[] shuffled, Random random)
    {
        var left = random.Next(1, 101);
        var marks = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var option in shuffled.Take(random.Next(1, 6)))
        {
            var points = option == shuffled[0] ? Math.Max(1, left / 2) : random.Next(0, left + 1);
            if (points == 0) continue;
            marks[option.Id] = points;
            left -= points;
            if (left <= 0) break;
        }
        return [.. marks.Select(m => new BallotMark(m.Key, m.Value)).OrderBy(m => m.OptionId, StringComparer.Ordinal)];
    }

    public List<RecordedEvent> Recorded(ref long sequence)
    {
        var events = new List<RecordedEvent> { PriceScenario.Record(++sequence, "q", Question) };
        foreach (var ballot in Ballots) events.Add(PriceScenario.Record(++sequence, $"b-{ballot.ParticipantId:N}", ballot));
        return events;
    }

    /// <summary>Each person's last ballot, kept when it was cast through the channel and from the region asked for.</summary>
    public List<BallotCast> Current(string? channel = null, string? region = null) =>
    [
        .. Ballots.GroupBy(b => b.ParticipantId).Select(g => g.Last())
            .Where(b => (channel is null || b.Channel == channel) && (region is null || b.Region == region)),
    ];

    public static (double Low, double High) WilsonByFormula(long x, long n)
    {
        if (n == 0) return (0, 1);
        var p = (double)x / n;
        var centre = p + Z * Z / (2 * n);
        var margin = Z * Math.Sqrt(p * (1 - p) / n + Z * Z / (4.0 * n * n));
        return (Math.Max(0, (centre - margin) / (1 + Z * Z / n)), Math.Min(1, (centre + margin) / (1 + Z * Z / n)));
    }

    /// <summary>Asserts the results of a cut against the recount.</summary>
    public void AssertResults(VoteResultsResponse results, string? channel = null, string? region = null)
    {
        var current = Current(channel, region);
        var n = current.Count;
        Assert.Equal(n, results.Participants);
        Assert.Equal(Question.Kind, results.Kind);
        Assert.Equal(Question.Options.Select(o => (o.Id, o.Label)), results.Options.Select(o => (o.Id, o.Label)));
        var totals = current.Select(b => (double)b.Marks.Sum(m => m.Value)).ToList();
        var allPoints = totals.Sum();
        foreach (var option in results.Options)
        {
            var values = current.Select(b => b.Marks.FirstOrDefault(m => m.OptionId == option.Id)?.Value ?? 0).ToList();
            var votes = values.Count(v => v > 0);
            Assert.Equal(votes, option.Votes);
            var (low, high) = WilsonByFormula(votes, n);
            if (Question.Kind == QuestionKinds.Points)
            {
                var points = values.Sum();
                Assert.Equal(points, option.Points);
                var share = allPoints == 0 ? 0 : points / allPoints;
                Assert.Equal(share, option.Share, 12);
                Assert.Equal(n == 0 ? 0 : (double)votes / n, option.PeopleShare!.Value, 12);
                Assert.Equal(low, option.PeopleCi95![0], 12);
                Assert.Equal(high, option.PeopleCi95[1], 12);
                // The ratio estimator's interval, from the residuals of each person directly.
                var residuals = values.Select((x, i) => Math.Pow(x - share * totals[i], 2)).Sum();
                var se = Math.Sqrt(residuals * n / (n - 1.0)) / allPoints;
                Assert.Equal(Math.Max(0, share - Z * se), option.Ci95[0], 9);
                Assert.Equal(Math.Min(1, share + Z * se), option.Ci95[1], 9);
                Assert.Null(option.MeanScore);
            }
            else
            {
                Assert.Equal(n == 0 ? 0 : (double)votes / n, option.Share, 12);
                Assert.Equal(low, option.Ci95[0], 12);
                Assert.Equal(high, option.Ci95[1], 12);
                Assert.Null(option.Points);
                if (Question.Kind == QuestionKinds.Score)
                {
                    var given = values.Where(v => v > 0).ToList();
                    if (given.Count == 0) Assert.Null(option.MeanScore);
                    else Assert.Equal(given.Average(), option.MeanScore!.Value, 12);
                }
                else
                {
                    Assert.Null(option.MeanScore);
                }
            }
        }
    }
}
