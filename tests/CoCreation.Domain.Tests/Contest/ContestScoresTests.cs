using CoCreation.Contest.Scoring;
using CoCreation.Testing;

namespace CoCreation.Domain.Tests.Contest;

public sealed class ContestScoresTests
{
    private static ContestScores Load(IEnumerable<(Guid Rater, Guid Entry, int Score)> scores)
    {
        var board = new ContestScores();
        foreach (var (rater, entry, score) in scores) board.Set(entry, rater, score);
        return board;
    }

    private static void AssertMatches(List<(Guid Entry, int Votes, double Mean, double Adjusted)> expected, IReadOnlyList<LeaderboardRow> actual)
    {
        Assert.Equal(expected.Select(e => e.Entry), actual.Select(a => a.EntryId));
        Assert.Equal(Enumerable.Range(1, expected.Count), actual.Select(a => a.Rank));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Votes, actual[i].Votes);
            Assert.Equal(expected[i].Adjusted, actual[i].AdjustedScore, 1e-9);
            if (expected[i].Votes > 0) Assert.Equal(expected[i].Mean, actual[i].MeanScore!.Value, 1e-9);
            else Assert.Null(actual[i].MeanScore);
        }
    }

    [Fact]
    public void three_votes_of_five_do_not_beat_three_thousand_votes_averaging_4_6()
    {
        var few = Guid.NewGuid();
        var many = Guid.NewGuid();
        var other = Guid.NewGuid();
        var scores = new List<(Guid Rater, Guid Entry, int Score)>();
        for (var i = 0; i < 3000; i++)
        {
            // 1,800 fives and 1,200 fours: a mean of exactly 4.6. Every rater also scores a third entry 3.
            var rater = Guid.NewGuid();
            scores.Add((rater, many, i < 1800 ? 5 : 4));
            scores.Add((rater, other, 3));
            if (i is 0 or 1500 or 2999) scores.Add((rater, few, 5));
        }

        var rows = Load(scores).Rank([few, many, other]);

        Assert.Equal(4.6, scores.Where(s => s.Entry == many).Average(s => s.Score), 1e-12);
        Assert.True(rows.Single(r => r.EntryId == few).MeanScore > rows.Single(r => r.EntryId == many).MeanScore);
        Assert.Equal(many, rows[0].EntryId);
        Assert.True(rows.Single(r => r.EntryId == few).Rank > rows.Single(r => r.EntryId == many).Rank);
        AssertMatches(LeaderboardOracle.Rank(scores, [few, many, other]), rows);
    }

    [Fact]
    public void a_harsh_raters_best_score_outranks_a_lenient_raters_habitual_five()
    {
        var (lenientFavourite, harshFavourite, a, b) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var scores = new List<(Guid Rater, Guid Entry, int Score)>();
        for (var i = 0; i < 20; i++)
        {
            var lenient = Guid.NewGuid();
            scores.AddRange([(lenient, lenientFavourite, 5), (lenient, a, 5), (lenient, b, 5)]);
            var harsh = Guid.NewGuid();
            scores.AddRange([(harsh, harshFavourite, 3), (harsh, a, 1), (harsh, b, 0)]);
        }

        var rows = Load(scores).Rank([lenientFavourite, harshFavourite, a, b]);

        Assert.True(rows.Single(r => r.EntryId == lenientFavourite).MeanScore > rows.Single(r => r.EntryId == harshFavourite).MeanScore);
        Assert.Equal(harshFavourite, rows[0].EntryId);
        AssertMatches(LeaderboardOracle.Rank(scores, [lenientFavourite, harshFavourite, a, b]), rows);
    }

    [Fact]
    public void a_replaced_score_counts_exactly_as_if_only_the_new_one_had_been_given()
    {
        var random = new Random(7);
        var entries = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid()).ToList();
        var raters = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToList();
        var current = new Dictionary<(Guid, Guid), int>();
        var board = new ContestScores();
        for (var i = 0; i < 2000; i++)
        {
            var (rater, entry, score) = (raters[random.Next(raters.Count)], entries[random.Next(entries.Count)], random.Next(6));
            var previous = board.Set(entry, rater, score);
            Assert.Equal(current.TryGetValue((rater, entry), out var old) ? old : null, previous);
            current[(rater, entry)] = score;
        }

        var effective = current.Select(kv => (kv.Key.Item1, kv.Key.Item2, kv.Value)).ToList();
        AssertMatches(LeaderboardOracle.Rank(effective, entries), board.Rank(entries));
        AssertMatches(LeaderboardOracle.Rank(effective, entries, weight: 2.5), board.Rank(entries, priorWeight: 2.5));
        Assert.Equal(effective.Count, board.Count);
    }

    [Fact]
    public void ties_are_broken_by_votes_then_entry_id_and_unscored_entries_sit_at_the_overall_mean()
    {
        var ids = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToList();
        var rater = Guid.NewGuid();
        var board = new ContestScores();
        board.Set(ids[0], rater, 4);

        var rows = board.Rank(ids);

        // One rater with one score deviates 0 from their own mean, so everything ties at the overall mean 4.
        Assert.All(rows, r => Assert.Equal(4.0, r.AdjustedScore, 1e-12));
        Assert.Equal(ids[0], rows[0].EntryId);
        Assert.Equal(ids.Skip(1).Select(i => i.ToString()).Order(StringComparer.Ordinal), rows.Skip(1).Select(r => r.EntryId.ToString()));
    }
}
