using CoCreation.Pricing;

namespace CoCreation.Suggestions;

/// <summary>
/// Merging a duplicate into the suggestion it repeats, and undoing it. The source may be pending or approved;
/// the target must be an approved suggestion of the same question that is not itself merged.
/// </summary>
public static class MergeSuggestion
{
    /// <summary>What is wrong with the target as such (400), before the states are weighed.</summary>
    public static Dictionary<string, string[]> Validate(Suggestion source, Suggestion? target)
    {
        ArgumentNullException.ThrowIfNull(source);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (target is null) errors["into"] = ["There is no such suggestion in this campaign."];
        else if (target.SuggestionId == source.SuggestionId) errors["into"] = ["A suggestion cannot be merged into itself."];
        else if (target.QuestionId != source.QuestionId) errors["into"] = ["Suggestions of different questions cannot be merged."];
        return errors;
    }

    public static Decision Decide(Suggestion source, Suggestion target, string actor)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (source.Status == SuggestionStatuses.Merged)
        {
            return source.MergedInto == target.SuggestionId
                ? Decision.Nothing
                : Decision.Refuse("The suggestion is already merged into another; unmerge it first.");
        }
        if (source.Status == SuggestionStatuses.Rejected) return Decision.Refuse("A rejected suggestion cannot be merged.");
        if (target.Status == SuggestionStatuses.Merged) return Decision.Refuse("The target is itself merged into another suggestion; merge into that one.");
        if (target.Status != SuggestionStatuses.Approved) return Decision.Refuse("Suggestions can be merged only into an approved one.");
        return Decision.Append(new SuggestionMerged(source.CampaignId, source.SuggestionId, target.SuggestionId, actor));
    }

    public static Decision Unmerge(Suggestion source, string actor)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source is { Status: SuggestionStatuses.Merged, MergedInto: { } target }
            ? Decision.Append(new SuggestionUnmerged(source.CampaignId, source.SuggestionId, target, actor))
            : Decision.Refuse("The suggestion is not merged.");
    }
}
