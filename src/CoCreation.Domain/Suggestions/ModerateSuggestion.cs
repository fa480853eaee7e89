using CoCreation.Pricing;

namespace CoCreation.Suggestions;

/// <summary>
/// An admin's moderation decision. Pending suggestions become approved or rejected; a decision can be revised
/// (approved ↔ rejected) and repeating it changes nothing; a merged suggestion is moderated only by unmerging it.
/// </summary>
public static class ModerateSuggestion
{
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const int MaxReasonLength = 1_000;

    public static Dictionary<string, string[]> Validate(string? decision, string? reason)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (decision is not (Approve or Reject)) errors["decision"] = [$"The decision must be '{Approve}' or '{Reject}'."];
        if (reason is not null) DisplayName.Check(errors, "reason", reason, MaxReasonLength);
        return errors;
    }

    public static Decision Decide(Suggestion suggestion, string decision, string? reason, string actor)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        var wanted = decision == Approve ? SuggestionStatuses.Approved : SuggestionStatuses.Rejected;
        if (suggestion.Status == SuggestionStatuses.Merged)
        {
            return Decision.Refuse("The suggestion is merged into another; unmerge it before moderating it.");
        }
        if (suggestion.Status == wanted) return Decision.Nothing;
        return Decision.Append(decision == Approve
            ? new SuggestionApproved(suggestion.CampaignId, suggestion.SuggestionId, reason, actor)
            : new SuggestionRejected(suggestion.CampaignId, suggestion.SuggestionId, reason, actor));
    }
}
