using CoCreation.Contest;
using CoCreation.Contest.Images;

namespace CoCreation.Domain.Tests.Contest;

public sealed class StageRulesTests
{
    private static readonly ImageInfo Image = new(ImageInspector.Png, 100, 100, 1000, new string('a', 64));

    private static DesignContest Contest(params object[] events) =>
        DesignContest.Fold([new ContestDefined("c", "k", "Grilles", null, "admin:x"), .. events])!;

    private static ContestEntrySubmitted Entry(Guid id) => new("c", "k", id, Guid.NewGuid(), "Entry", null, Image.Sha256, Image.ContentType, 1000, 100, 100);

    private static ContestEntryModerated Approve(Guid id) => new("c", "k", id, EntryStatus.Approved, null, "admin:x");

    [Fact]
    public void stages_move_only_forward_and_may_skip()
    {
        var voting = Contest(new ContestStageChanged("c", "k", ContestStages.Voting, [], "admin:x"));

        Assert.True(ChangeStage.Decide(voting, new ChangeStage(ContestStages.Submission, [], "admin:x")).Decision.IsRefused);
        Assert.True(ChangeStage.Decide(voting, new ChangeStage(ContestStages.Voting, [], "admin:x")).Decision.IsRefused);
        Assert.False(ChangeStage.Decide(voting, new ChangeStage(ContestStages.Closed, [], "admin:x")).Decision.IsRefused);
    }

    [Fact]
    public void the_shortlist_names_only_approved_entries_and_the_final_only_shortlisted_ones()
    {
        var (approved, pending, other) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var voting = Contest(Entry(approved), Entry(pending), Entry(other), Approve(approved), Approve(other),
            new ContestStageChanged("c", "k", ContestStages.Voting, [], "admin:x"));

        Assert.True(ChangeStage.Decide(voting, new ChangeStage(ContestStages.Shortlist, [approved, pending], "admin:x")).Errors.ContainsKey("entryIds"));
        var (decision, errors) = ChangeStage.Decide(voting, new ChangeStage(ContestStages.Shortlist, [approved], "admin:x"));
        Assert.Empty(errors);
        var shortlist = decision.Events.Aggregate(voting, (s, e) => DesignContest.Evolve(s, e)!);

        Assert.Equal([approved], shortlist.CurrentSet().Select(e => e.EntryId));
        Assert.True(ChangeStage.Decide(shortlist, new ChangeStage(ContestStages.Final, [other], "admin:x")).Errors.ContainsKey("entryIds"));
        Assert.Empty(ChangeStage.Decide(shortlist, new ChangeStage(ContestStages.Final, [approved], "admin:x")).Errors);
        Assert.Equal(ScoreRefusal.NotInStage, ScoreEntry.Check(shortlist, other));
        Assert.Equal(ScoreRefusal.None, ScoreEntry.Check(shortlist, approved));
        Assert.Equal(ScoreRefusal.UnknownEntry, ScoreEntry.Check(shortlist, pending));
    }

    [Theory]
    [InlineData(ContestStages.Shortlist, false)]
    [InlineData(ContestStages.Final, false)]
    [InlineData(ContestStages.Voting, true)]
    [InlineData("semifinal", false)]
    public void a_stage_request_is_checked_for_its_names(string stage, bool namesEntries)
    {
        var errors = ChangeStage.Validate(stage, namesEntries ? [Guid.NewGuid()] : []);

        Assert.NotEmpty(errors);
    }

    [Fact]
    public void scoring_is_refused_before_voting_and_after_closing()
    {
        var id = Guid.NewGuid();
        var submission = Contest(Entry(id), Approve(id));
        var closed = DesignContest.Evolve(submission, new ContestStageChanged("c", "k", ContestStages.Closed, [], "admin:x"))!;

        Assert.Equal(ScoreRefusal.NotInStage, ScoreEntry.Check(submission, id));
        Assert.Equal(ScoreRefusal.NotInStage, ScoreEntry.Check(closed, id));
        Assert.True(SubmitEntry.Decide(closed, new SubmitEntry(Guid.NewGuid(), Guid.NewGuid(), "t", null, Image)).IsRefused);
    }
}
