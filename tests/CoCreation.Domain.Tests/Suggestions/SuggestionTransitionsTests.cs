using CoCreation.Suggestions;

namespace CoCreation.Domain.Tests.Suggestions;

public sealed class SuggestionTransitionsTests
{
    private static Suggestion New(string question = "q") =>
        Suggestion.Evolve(null, new SuggestionSubmitted("d90", question, Guid.NewGuid(), Guid.NewGuid(), "app", "A third row"))!;

    private static Suggestion Apply(Suggestion s, IEnumerable<object> events) => events.Aggregate(s, (state, e) => Suggestion.Evolve(state, e)!);

    [Fact]
    public void a_pending_suggestion_is_approved_or_rejected_and_a_decision_can_be_revised()
    {
        var pending = New();
        var approved = Apply(pending, ModerateSuggestion.Decide(pending, ModerateSuggestion.Approve, null, "admin:a").Events);
        Assert.Equal(SuggestionStatuses.Approved, approved.Status);
        Assert.Empty(ModerateSuggestion.Decide(approved, ModerateSuggestion.Approve, null, "admin:a").Events);
        var rejected = Apply(approved, ModerateSuggestion.Decide(approved, ModerateSuggestion.Reject, "duplicate", "admin:a").Events);
        Assert.Equal(SuggestionStatuses.Rejected, rejected.Status);
    }

    [Fact]
    public void merging_needs_an_approved_target_of_the_same_question_and_unmerging_restores_the_status()
    {
        var source = New();
        var target = Apply(New(), [new SuggestionApproved("d90", Guid.Empty, null, "admin:a")]);
        Assert.Contains("into", MergeSuggestion.Validate(source, source).Keys);
        Assert.Contains("into", MergeSuggestion.Validate(source, New("other")).Keys);
        Assert.Contains("into", MergeSuggestion.Validate(source, null).Keys);
        Assert.True(MergeSuggestion.Decide(source, New(), "admin:a").IsRefused);

        var merged = Apply(source, MergeSuggestion.Decide(source, target, "admin:a").Events);
        Assert.Equal((SuggestionStatuses.Merged, target.SuggestionId), (merged.Status, merged.MergedInto));
        Assert.True(MergeSuggestion.Decide(target, merged, "admin:a").IsRefused);
        Assert.True(ModerateSuggestion.Decide(merged, ModerateSuggestion.Approve, null, "admin:a").IsRefused);
        Assert.Empty(MergeSuggestion.Decide(merged, target, "admin:a").Events);

        var unmerged = Apply(merged, MergeSuggestion.Unmerge(merged, "admin:a").Events);
        Assert.Equal((SuggestionStatuses.Pending, (Guid?)null), (unmerged.Status, unmerged.MergedInto));
        Assert.True(MergeSuggestion.Unmerge(unmerged, "admin:a").IsRefused);
    }

    [Fact]
    public void an_upvote_is_once_per_person_and_can_be_withdrawn()
    {
        var suggestion = New();
        var person = Guid.NewGuid();
        var upvote = UpvoteSuggestion.Upvote(suggestion, person, upvoted: false);
        Assert.True(UpvoteSuggestion.IsUpvoted(upvote));
        Assert.Empty(UpvoteSuggestion.Upvote(suggestion, person, UpvoteSuggestion.IsUpvoted(upvote)));
        var withdrawn = upvote.Concat(UpvoteSuggestion.Withdraw(suggestion, person, upvoted: true)).ToList();
        Assert.False(UpvoteSuggestion.IsUpvoted(withdrawn));
        Assert.Empty(UpvoteSuggestion.Withdraw(suggestion, person, upvoted: false));
    }
}
