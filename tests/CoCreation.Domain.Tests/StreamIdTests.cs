using CoCreation.Campaigns;
using CoCreation.Contest;
using CoCreation.Live;
using CoCreation.Pricing;
using CoCreation.Suggestions;
using CoCreation.Voting;

namespace CoCreation.Domain.Tests;

public sealed class StreamIdTests
{
    private static readonly Guid Person = Guid.Parse("0192f0a0-0000-7000-8000-000000000001");

    /// <summary>Campaign "a-b" with id "c" and campaign "a" with id "b-c": slugs may hold '-', so a '-' separator would merge them.</summary>
    public static TheoryData<string, string> TwoPartIds() => new()
    {
        { PricingItem.StreamId("a-b", "c"), PricingItem.StreamId("a", "b-c") },
        { PricingItem.SubmissionStreamId("a-b", "c", Person), PricingItem.SubmissionStreamId("a", "b-c", Person) },
        { Question.StreamId("a-b", "c"), Question.StreamId("a", "b-c") },
        { Question.BallotStreamId("a-b", "c", Person), Question.BallotStreamId("a", "b-c", Person) },
        { DesignContest.StreamId("a-b", "c"), DesignContest.StreamId("a", "b-c") },
        { DesignContest.ScoreStreamId("a-b", "c", Person), DesignContest.ScoreStreamId("a", "b-c", Person) },
    };

    [Theory]
    [MemberData(nameof(TwoPartIds))]
    public void ids_of_different_campaigns_never_share_a_stream(string first, string second)
    {
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void one_items_submission_streams_share_a_prefix_no_other_items_streams_have()
    {
        var prefix = PricingItem.SubmissionStreamPrefix("d90", "x");

        Assert.StartsWith(prefix, PricingItem.SubmissionStreamId("d90", "x", Person), StringComparison.Ordinal);
        Assert.False(PricingItem.SubmissionStreamId("d90", "x-y", Person).StartsWith(prefix, StringComparison.Ordinal));
        Assert.False(PricingItem.SubmissionStreamId("d90-x", "y", Person).StartsWith(prefix, StringComparison.Ordinal));
    }

    [Fact]
    public void campaign_wide_streams_differ_by_kind()
    {
        string[] ids = [Campaign.StreamId("d90"), Scene.StreamId("d90"), OverlayToken.StreamId("d90"), Suggestion.StreamId("d90", Person)];

        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }
}
