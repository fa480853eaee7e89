using CoCreation.Voting;

namespace CoCreation.Domain.Tests.Voting;

public sealed class CastBallotTests
{
    private static readonly QuestionOption[] Options = [new("a", "A"), new("b", "B"), new("c", "C")];

    private static Question Of(string kind, int? maxChoices = null, int? budget = null) =>
        Question.Create(new QuestionDefined("d90", "q", "Q", kind, Options, maxChoices, budget, null, null, "admin:abc"));

    private static IEnumerable<string> Fields(Question question, BallotAnswer answer) => CastBallot.Validate(question, answer).Keys;

    [Fact]
    public void a_single_choice_ballot_chooses_exactly_one_known_option()
    {
        var single = Of(QuestionKinds.Single);
        Assert.Empty(Fields(single, new(Choices: ["a"])));
        Assert.Contains("choices", Fields(single, new(Choices: [])));
        Assert.Contains("choices", Fields(single, new()));
        Assert.Contains("choices", Fields(single, new(Choices: ["a", "b"])));
        Assert.Contains("choices", Fields(single, new(Choices: ["z"])));
    }

    [Fact]
    public void a_multi_choice_ballot_chooses_1_to_max_distinct_known_options()
    {
        var multi = Of(QuestionKinds.Multi, maxChoices: 2);
        Assert.Empty(Fields(multi, new(Choices: ["a", "c"])));
        Assert.Contains("choices", Fields(multi, new(Choices: ["a", "b", "c"])));
        Assert.Contains("choices", Fields(multi, new(Choices: ["a", "a"])));
        Assert.Contains("choices", Fields(multi, new(Choices: ["a", "nope"])));
        Assert.Empty(Fields(Of(QuestionKinds.Multi), new(Choices: ["a", "b", "c"])));
    }

    [Fact]
    public void a_score_ballot_scores_at_least_one_known_option_1_to_5()
    {
        var score = Of(QuestionKinds.Score);
        Assert.Empty(Fields(score, new(Scores: new Dictionary<string, int> { ["a"] = 1, ["c"] = 5 })));
        Assert.Contains("scores", Fields(score, new(Scores: new Dictionary<string, int>())));
        Assert.Contains("scores", Fields(score, new(Scores: new Dictionary<string, int> { ["a"] = 0 })));
        Assert.Contains("scores", Fields(score, new(Scores: new Dictionary<string, int> { ["a"] = 6 })));
        Assert.Contains("scores", Fields(score, new(Scores: new Dictionary<string, int> { ["x"] = 3 })));
    }

    [Fact]
    public void a_points_ballot_spends_at_most_the_budget_on_known_options_and_gives_something()
    {
        var points = Of(QuestionKinds.Points, budget: 100);
        Assert.Empty(Fields(points, new(Allocation: new Dictionary<string, int> { ["a"] = 60, ["b"] = 40, ["c"] = 0 })));
        Assert.Contains("allocation", Fields(points, new(Allocation: new Dictionary<string, int> { ["a"] = 60, ["b"] = 41 })));
        Assert.Contains("allocation", Fields(points, new(Allocation: new Dictionary<string, int> { ["a"] = 0 })));
        Assert.Contains("allocation", Fields(points, new(Allocation: new Dictionary<string, int> { ["a"] = -1, ["b"] = 2 })));
        Assert.Contains("allocation", Fields(points, new(Allocation: new Dictionary<string, int> { ["q"] = 1 })));
        Assert.Contains("allocation", Fields(points, new(Allocation: new Dictionary<string, int> { ["a"] = int.MaxValue, ["b"] = int.MaxValue })));
    }

    [Fact]
    public void a_field_of_another_kind_is_refused()
    {
        Assert.Contains("scores", Fields(Of(QuestionKinds.Single), new(Choices: ["a"], Scores: new Dictionary<string, int> { ["a"] = 1 })));
        Assert.Contains("choices", Fields(Of(QuestionKinds.Points, budget: 10), new(Choices: ["a"], Allocation: new Dictionary<string, int> { ["a"] = 1 })));
    }

    [Fact]
    public void the_segment_follows_the_pricing_rule()
    {
        var single = Of(QuestionKinds.Single);
        Assert.Contains("segment.region", Fields(single, new(Choices: ["a"], Region: "<script>")));
        Assert.Contains("segment.ageBand", Fields(single, new(Choices: ["a"], AgeBand: "12")));
        var recorded = CastBallot.Record(single, Guid.NewGuid(), "app", new(Choices: ["a"], Region: "  Shanghai ", AgeBand: "25-34"));
        Assert.Equal(("Shanghai", "25-34"), (recorded.Region, recorded.AgeBand));
    }

    [Fact]
    public void marks_are_in_option_order_and_zero_points_leave_no_mark()
    {
        Assert.Equal([new BallotMark("a", 1), new BallotMark("c", 1)], CastBallot.Marks(Of(QuestionKinds.Multi), new(Choices: ["c", "a"])));
        Assert.Equal([new BallotMark("b", 30)],
            CastBallot.Marks(Of(QuestionKinds.Points, budget: 100), new(Allocation: new Dictionary<string, int> { ["c"] = 0, ["b"] = 30 })));
    }
}
