using CoCreation.Api.Tests.Pricing.Statistics;
using CoCreation.Api.Voting.Results;
using CoCreation.Voting;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoCreation.Api.Tests.Voting;

/// <summary>The live projection on its own, fed recorded events directly: no host, no database.</summary>
public sealed class VoteResultsTests
{
    private const string Campaign = BallotScenario.Campaign;
    private long _sequence;

    private static VoteResults NewProjection() => new(NullLogger<VoteResults>.Instance);

    private BallotScenario Apply(VoteResults projection, BallotScenario scenario)
    {
        projection.Apply(scenario.Recorded(ref _sequence));
        return scenario;
    }

    private void Apply(VoteResults projection, object data) => projection.Apply([PriceScenario.Record(++_sequence, "s", data)]);

    private static VoteResultsResponse Read(VoteResults projection, BallotScenario scenario, string? channel = null, string? region = null) =>
        projection.Read(Campaign, scenario.Question.QuestionId, channel, region) ?? throw new InvalidOperationException("unknown question");

    [Theory]
    [InlineData(QuestionKinds.Single, 1)]
    [InlineData(QuestionKinds.Multi, 2)]
    [InlineData(QuestionKinds.Score, 3)]
    [InlineData(QuestionKinds.Points, 4)]
    [InlineData(QuestionKinds.Points, 5)]
    public void results_equal_a_recount_of_each_persons_last_ballot_in_every_cut(string kind, int seed)
    {
        var projection = NewProjection();
        var scenario = Apply(projection, BallotScenario.Random(kind, seed));
        Assert.True(scenario.Ballots.Count > scenario.Current().Count, "the scenario replaces ballots");

        scenario.AssertResults(Read(projection, scenario));
        foreach (var channel in BallotScenario.ChannelsUsed)
        {
            scenario.AssertResults(Read(projection, scenario, channel), channel);
            foreach (var region in BallotScenario.RegionsUsed.OfType<string>())
            {
                scenario.AssertResults(Read(projection, scenario, channel, region), channel, region);
                scenario.AssertResults(Read(projection, scenario, null, region), null, region);
            }
        }
        Assert.Equal(_sequence, Read(projection, scenario).AsOf.Sequence);
    }

    [Fact]
    public void a_new_ballot_through_another_channel_replaces_the_old_one_in_every_cut()
    {
        var projection = NewProjection();
        var question = new QuestionDefined(Campaign, "seats", "Seats", QuestionKinds.Single, [new("five", "5"), new("seven", "7")], null, null, null, null, "admin:t");
        var person = Guid.CreateVersion7();
        Apply(projection, question);
        Apply(projection, new BallotCast(Campaign, "seats", person, "app", [new("five", 1)], "Beijing", null));
        Apply(projection, new BallotCast(Campaign, "seats", Guid.CreateVersion7(), "app", [new("five", 1)], "Beijing", null));
        Apply(projection, new BallotCast(Campaign, "seats", person, "livestream", [new("seven", 1)], null, null));

        VoteResultsResponse Cut(string? channel, string? region) => projection.Read(Campaign, "seats", channel, region)!;
        Assert.Equal((2L, 1L, 1L), (Cut(null, null).Participants, Cut(null, null).Options[0].Votes, Cut(null, null).Options[1].Votes));
        Assert.Equal((1L, 1L, 0L), (Cut("app", null).Participants, Cut("app", null).Options[0].Votes, Cut("app", null).Options[1].Votes));
        Assert.Equal((1L, 0L), (Cut(null, "Beijing").Participants, Cut("app", "Beijing").Options[1].Votes));
        Assert.Equal((1L, 1L), (Cut("livestream", null).Participants, Cut("livestream", null).Options[1].Votes));
        Assert.Equal(0, Cut("web", null).Participants);
    }

    [Fact]
    public void relabelling_keeps_the_ballots_and_a_new_ballot_shape_starts_over()
    {
        var projection = NewProjection();
        var question = new QuestionDefined(Campaign, "seats", "Seats", QuestionKinds.Single, [new("five", "5"), new("seven", "7")], null, null, null, null, "admin:t");
        Apply(projection, question);
        Apply(projection, new BallotCast(Campaign, "seats", Guid.CreateVersion7(), "app", [new("seven", 1)], null, null));
        Apply(projection, new QuestionUpdated(Campaign, "seats", "Seats", QuestionKinds.Single, [new("five", "Five"), new("seven", "Seven")], null, null, null, null, "admin:t"));
        Assert.Equal(("Seven", 1L), (projection.Read(Campaign, "seats", null, null)!.Options[1].Label, projection.Read(Campaign, "seats", null, null)!.Participants));

        Apply(projection, new QuestionUpdated(Campaign, "seats", "Seats", QuestionKinds.Multi, [new("five", "Five"), new("seven", "Seven")], null, null, null, null, "admin:t"));
        Assert.Equal(0, projection.Read(Campaign, "seats", null, null)!.Participants);
    }

    [Fact]
    public void a_ballot_the_question_cannot_take_is_ignored()
    {
        var projection = NewProjection();
        Apply(projection, new QuestionDefined(Campaign, "seats", "Seats", QuestionKinds.Single, [new("five", "5"), new("seven", "7")], null, null, null, null, "admin:t"));
        Apply(projection, new BallotCast(Campaign, "seats", Guid.CreateVersion7(), "app", [new("eight", 1)], null, null));
        Apply(projection, new BallotCast(Campaign, "nowhere", Guid.CreateVersion7(), "app", [new("five", 1)], null, null));
        Assert.Equal(0, projection.Read(Campaign, "seats", null, null)!.Participants);
        Assert.False(projection.Knows(Campaign, "nowhere"));
    }

    [Fact]
    public void a_restored_snapshot_equals_the_replay_and_keeps_replacing_ballots_exactly()
    {
        var original = NewProjection();
        var scenarios = new[] { QuestionKinds.Single, QuestionKinds.Multi, QuestionKinds.Score, QuestionKinds.Points }
            .Select((kind, i) => Apply(original, BallotScenario.Random(kind, 10 + i, people: 120, ballots: 400))).ToList();

        var restored = NewProjection();
        restored.Restore(original.CreateSnapshot());

        foreach (var scenario in scenarios)
        {
            foreach (var (channel, region) in new (string?, string?)[] { (null, null), ("app", null), ("wechat", "Beijing"), (null, "Shanghai") })
            {
                var expected = Read(original, scenario, channel, region);
                var actual = Read(restored, scenario, channel, region);
                Assert.Equal(expected.AsOf, actual.AsOf);
                Assert.Equal(expected.Participants, actual.Participants);
                Assert.Equal(
                    expected.Options.Select(o => (o.Id, o.Label, o.Votes, o.Share, o.Ci95[0], o.Ci95[1], o.MeanScore, o.Points)),
                    actual.Options.Select(o => (o.Id, o.Label, o.Votes, o.Share, o.Ci95[0], o.Ci95[1], o.MeanScore, o.Points)));
            }
        }

        // The ballot map came back too: replacing someone's ballot removes the restored one.
        var points = scenarios[3];
        var someone = points.Ballots[^1];
        var change = someone with { Channel = "web", Marks = [new BallotMark("opt-4", 100)] };
        Apply(original, change);
        restored.Apply([PriceScenario.Record(_sequence, "s", change)]);
        var after = Read(restored, points);
        Assert.Equal(Read(original, points).Options.Select(o => o.Points), after.Options.Select(o => o.Points));
        Assert.Equal(points.Current().Count, after.Participants);
    }

    [Fact]
    public void reset_forgets_every_question()
    {
        var projection = NewProjection();
        var scenario = Apply(projection, BallotScenario.Random(QuestionKinds.Single, 20, people: 5, ballots: 10));
        projection.Reset();
        Assert.False(projection.Knows(Campaign, scenario.Question.QuestionId));
    }
}
