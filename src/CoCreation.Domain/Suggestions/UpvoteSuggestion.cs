namespace CoCreation.Suggestions;

/// <summary>One upvote per person per suggestion: upvoting twice or withdrawing what is not there changes nothing.</summary>
public static class UpvoteSuggestion
{
    /// <summary>Whether the person's upvote stream ends upvoted.</summary>
    public static bool IsUpvoted(IEnumerable<object> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return events.Aggregate(false, (upvoted, e) => e switch
        {
            SuggestionUpvoted => true,
            SuggestionUpvoteWithdrawn => false,
            _ => upvoted,
        });
    }

    public static IReadOnlyList<object> Upvote(Suggestion suggestion, Guid participantId, bool upvoted)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        return upvoted ? [] : [new SuggestionUpvoted(suggestion.CampaignId, suggestion.SuggestionId, participantId)];
    }

    public static IReadOnlyList<object> Withdraw(Suggestion suggestion, Guid participantId, bool upvoted)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        return upvoted ? [new SuggestionUpvoteWithdrawn(suggestion.CampaignId, suggestion.SuggestionId, participantId)] : [];
    }
}
