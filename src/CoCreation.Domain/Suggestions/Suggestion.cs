namespace CoCreation.Suggestions;

/// <summary>Where a suggestion stands.</summary>
public static class SuggestionStatuses
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Merged = "merged";

    public static IReadOnlyList<string> All { get; } = [Pending, Approved, Rejected, Merged];

    public static bool IsKnown(string? status) => status is Pending or Approved or Rejected or Merged;
}

/// <summary>A suggestion as its stream tells it (upvotes live on each person's own stream).</summary>
/// <param name="StatusBeforeMerge">While merged, the status an unmerge returns it to.</param>
public sealed record Suggestion(
    string CampaignId, string QuestionId, Guid SuggestionId, string Text, string Status, Guid? MergedInto, string? StatusBeforeMerge)
{
    public static string StreamId(string campaignId, Guid suggestionId) => $"suggestion/{campaignId}/{suggestionId:N}";

    public static string UpvoteStreamId(string campaignId, Guid suggestionId, Guid participantId) =>
        $"upvote/{campaignId}/{suggestionId:N}/{participantId:N}";

    public static Suggestion? Evolve(Suggestion? state, object @event) => (state, @event) switch
    {
        (null, SuggestionSubmitted e) => new(e.CampaignId, e.QuestionId, e.SuggestionId, e.Text, SuggestionStatuses.Pending, null, null),
        ({ } s, SuggestionApproved) => s with { Status = SuggestionStatuses.Approved },
        ({ } s, SuggestionRejected) => s with { Status = SuggestionStatuses.Rejected },
        ({ } s, SuggestionMerged e) => s with { Status = SuggestionStatuses.Merged, MergedInto = e.IntoSuggestionId, StatusBeforeMerge = s.Status },
        ({ } s, SuggestionUnmerged) => s with { Status = s.StatusBeforeMerge ?? SuggestionStatuses.Approved, MergedInto = null, StatusBeforeMerge = null },
        _ => state,
    };

    public static Suggestion? Fold(IEnumerable<object> events) => events.Aggregate((Suggestion?)null, Evolve);
}
