using CoCreation.Voting;

namespace CoCreation.Domain.Tests.Voting;

public sealed class DefineQuestionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static readonly QuestionOption[] TwoOptions = [new("7-seats", "7 seats"), new("5-seats", "5 seats")];

    private static Dictionary<string, string[]> Validate(
        string? kind = QuestionKinds.Single, IReadOnlyList<QuestionOption?>? options = null, int? maxChoices = null, int? budget = null,
        string? title = "Seats", string questionId = "seats") =>
        DefineQuestion.Validate("d90", questionId, title, kind, options ?? TwoOptions, maxChoices, budget, null, null);

    private static DefineQuestion Command(string kind = QuestionKinds.Single, IReadOnlyList<QuestionOption>? options = null, string title = "Seats", int? budget = null) =>
        new("d90", "seats", title, kind, options ?? TwoOptions, null, budget, null, null, "admin:abc");

    private static QuestionOption[] Options(int count) => [.. Enumerable.Range(0, count).Select(i => new QuestionOption($"o{i}", $"Option {i}"))];

    [Fact]
    public void a_sound_question_of_each_kind_is_valid()
    {
        Assert.Empty(Validate());
        Assert.Empty(Validate(QuestionKinds.Multi, maxChoices: 2));
        Assert.Empty(Validate(QuestionKinds.Score));
        Assert.Empty(Validate(QuestionKinds.Points, budget: 100));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("ranking")]
    [InlineData("Single")]
    public void the_kind_must_be_known(string? kind) => Assert.Contains("kind", Validate(kind).Keys);

    [Fact]
    public void a_question_has_2_to_50_options()
    {
        Assert.Contains("options", Validate(options: Options(1)).Keys);
        Assert.Empty(Validate(options: Options(2)));
        Assert.Empty(Validate(options: Options(50)));
        Assert.Contains("options", Validate(options: Options(51)).Keys);
        Assert.Contains("options", DefineQuestion.Validate("d90", "q", "T", QuestionKinds.Single, null, null, null, null, null).Keys);
    }

    [Fact]
    public void option_ids_are_unique_slugs_and_labels_bounded_and_printable()
    {
        Assert.Contains("options[1].id", Validate(options: [new("a", "A"), new("Bad Id", "B")]).Keys);
        Assert.Contains("options[1].id", Validate(options: [new("a", "A"), new("a", "B")]).Keys);
        Assert.Contains("options[0].label", Validate(options: [new("a", "bell\u0007"), new("b", "B")]).Keys);
        Assert.Contains("options[0].label", Validate(options: [new("a", new string('x', 201)), new("b", "B")]).Keys);
        Assert.Contains("options[0].label", Validate(options: [new("a", " "), new("b", "B")]).Keys);
        Assert.Contains("options[1]", Validate(options: [new("a", "A"), null]).Keys);
    }

    [Fact]
    public void max_choices_belongs_to_multi_and_lies_within_the_options()
    {
        Assert.Contains("maxChoices", Validate(QuestionKinds.Single, maxChoices: 1).Keys);
        Assert.Contains("maxChoices", Validate(QuestionKinds.Multi, maxChoices: 0).Keys);
        Assert.Contains("maxChoices", Validate(QuestionKinds.Multi, maxChoices: 3).Keys);
        Assert.Empty(Validate(QuestionKinds.Multi, maxChoices: 1));
    }

    [Fact]
    public void a_budget_belongs_to_points_and_is_1_to_10000()
    {
        Assert.Contains("budget", Validate(QuestionKinds.Score, budget: 100).Keys);
        Assert.Contains("budget", Validate(QuestionKinds.Points, budget: null).Keys);
        Assert.Contains("budget", Validate(QuestionKinds.Points, budget: 0).Keys);
        Assert.Contains("budget", Validate(QuestionKinds.Points, budget: 10_001).Keys);
        Assert.Empty(Validate(QuestionKinds.Points, budget: 10_000));
    }

    [Fact]
    public void the_kind_can_change_until_voting_begins_and_never_after()
    {
        var question = Question.Create((QuestionDefined)DefineQuestion.Decide(null, Command(), Now).Events.Single());

        Assert.IsType<QuestionUpdated>(Assert.Single(DefineQuestion.Decide(question, Command(QuestionKinds.Score), Now).Events));

        var opened = question.Apply(new QuestionRoundOpened("d90", "seats", "host:abc")).Apply(new QuestionRoundClosed("d90", "seats", "host:abc"));
        Assert.True(DefineQuestion.Decide(opened, Command(QuestionKinds.Score), Now).IsRefused);
        Assert.True(DefineQuestion.Decide(opened, Command(options: [new("7-seats", "7"), new("6-seats", "6")]), Now).IsRefused);

        var relabelled = DefineQuestion.Decide(opened, Command(options: [new("7-seats", "Seven seats"), new("5-seats", "Five seats")], title: "How many seats?"), Now);
        Assert.IsType<QuestionUpdated>(Assert.Single(relabelled.Events));
        Assert.Empty(DefineQuestion.Decide(opened, Command(), Now).Events);
    }

    [Fact]
    public void a_window_that_has_opened_counts_as_voting_begun()
    {
        var question = Question.Create(new QuestionDefined("d90", "seats", "Seats", QuestionKinds.Single, TwoOptions, null, null, Now.AddMinutes(-1), null, "admin:abc"));
        Assert.True(question.IsOpen(Now));
        Assert.True(DefineQuestion.Decide(question, Command(QuestionKinds.Multi) with { OpensAt = Now.AddMinutes(-1) }, Now).IsRefused);
    }
}
