using CoCreation.Live;
using CoCreation.Pricing;

namespace CoCreation.Domain.Tests.Live;

public sealed class ChangeSceneTests
{
    [Theory]
    [InlineData(SceneKinds.Price, PricingModes.Direct)]
    [InlineData(SceneKinds.Psm, PricingModes.Psm)]
    [InlineData(SceneKinds.Counter, PricingModes.Psm)]
    public void a_pricing_scene_takes_an_item_of_its_mode(string kind, string mode) =>
        Assert.Empty(ChangeScene.Validate(kind, "d90", new SceneTarget(mode)));

    [Theory]
    [InlineData(SceneKinds.Price, PricingModes.Psm)]
    [InlineData(SceneKinds.Psm, PricingModes.Direct)]
    [InlineData(SceneKinds.Price, null)]
    [InlineData(SceneKinds.Counter, null)]
    public void a_pricing_scene_refuses_a_missing_item_or_one_of_the_other_mode(string kind, string? mode) =>
        Assert.Equal(["targetId"], ChangeScene.Validate(kind, "d90", new SceneTarget(mode)).Keys);

    [Fact]
    public void vote_and_leaderboard_scenes_take_only_a_question_and_a_contest_of_the_campaign()
    {
        Assert.Empty(ChangeScene.Validate(SceneKinds.Vote, "colour", new SceneTarget(IsQuestion: true)));
        Assert.Empty(ChangeScene.Validate(SceneKinds.Leaderboard, "grilles", new SceneTarget(IsContest: true)));
        Assert.Equal(["targetId"], ChangeScene.Validate(SceneKinds.Vote, "colour", SceneTarget.None).Keys);
        Assert.Equal(["targetId"], ChangeScene.Validate(SceneKinds.Vote, "grilles", new SceneTarget(IsContest: true)).Keys);
        Assert.Equal(["targetId"], ChangeScene.Validate(SceneKinds.Leaderboard, "grilles", SceneTarget.None).Keys);
        Assert.Equal(["targetId"], ChangeScene.Validate(SceneKinds.Leaderboard, "colour", new SceneTarget(IsQuestion: true)).Keys);
    }

    [Theory]
    [InlineData(SceneKinds.Price)]
    [InlineData(SceneKinds.Psm)]
    [InlineData(SceneKinds.Vote)]
    [InlineData(SceneKinds.Leaderboard)]
    public void a_scene_showing_one_thing_needs_its_id(string kind) =>
        Assert.Equal(["targetId"], ChangeScene.Validate(kind, null, SceneTarget.None).Keys);

    [Fact]
    public void counter_and_blank_scenes_need_no_target() =>
        Assert.All([SceneKinds.Counter, SceneKinds.Blank], kind => Assert.Empty(ChangeScene.Validate(kind, null, SceneTarget.None)));

    [Fact]
    public void an_unknown_kind_is_named_with_the_kinds_there_are()
    {
        var errors = ChangeScene.Validate("Price", null, SceneTarget.None);

        Assert.Contains("price, psm, vote, leaderboard, counter, blank", Assert.Single(errors["kind"]), StringComparison.Ordinal);
    }

    [Fact]
    public void switching_records_who_did_it_and_switching_to_the_same_scene_changes_nothing()
    {
        var command = new ChangeScene("d90", SceneKinds.Vote, "colour", RevealResults: true, "host:h");

        var events = ChangeScene.Decide(Scene.Blank, command);

        Assert.Equal([new SceneChanged("d90", SceneKinds.Vote, "colour", true, "host:h")], events);
        Assert.Empty(ChangeScene.Decide(Scene.From((SceneChanged)events[0]), command));
        Assert.Single(ChangeScene.Decide(Scene.From((SceneChanged)events[0]), command with { RevealResults = false }));
    }
}
