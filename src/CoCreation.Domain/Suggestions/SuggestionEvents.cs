namespace CoCreation.Suggestions;

/// <summary>A person suggested something for a question (stream <see cref="Suggestion.StreamId"/>); it waits for moderation.</summary>
public sealed record SuggestionSubmitted(string CampaignId, string QuestionId, Guid SuggestionId, Guid ParticipantId, string Channel, string Text);

/// <summary>An admin let the suggestion be shown and upvoted.</summary>
public sealed record SuggestionApproved(string CampaignId, Guid SuggestionId, string? Reason, string Actor);

/// <summary>An admin turned the suggestion down; it is no longer shown.</summary>
public sealed record SuggestionRejected(string CampaignId, Guid SuggestionId, string? Reason, string Actor);

/// <summary>An admin merged the suggestion into a duplicate of it: its upvoters now count (once) on the target.</summary>
public sealed record SuggestionMerged(string CampaignId, Guid SuggestionId, Guid IntoSuggestionId, string Actor);

/// <summary>An admin undid a merge: the suggestion stands on its own again, with the status it had before.</summary>
public sealed record SuggestionUnmerged(string CampaignId, Guid SuggestionId, Guid FromSuggestionId, string Actor);

/// <summary>A person upvoted a suggestion (stream <see cref="Suggestion.UpvoteStreamId"/>).</summary>
public sealed record SuggestionUpvoted(string CampaignId, Guid SuggestionId, Guid ParticipantId);

/// <summary>A person withdrew their upvote.</summary>
public sealed record SuggestionUpvoteWithdrawn(string CampaignId, Guid SuggestionId, Guid ParticipantId);
