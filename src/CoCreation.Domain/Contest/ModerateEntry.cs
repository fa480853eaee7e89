namespace CoCreation.Contest;

/// <summary>Approve or reject an entry, at any stage before the contest closes; a decision may be revised, repeating it changes nothing.</summary>
public sealed record ModerateEntry(Guid EntryId, string Status, string? Reason, string Actor)
{
    public const int MaxReasonLength = 1000;

    public static Dictionary<string, string[]> Validate(string? decision, string? reason)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (EntryStatus.FromDecision(decision) is null) errors["decision"] = ["The decision must be 'approve' or 'reject'."];
        if (reason is { Length: > MaxReasonLength }) errors["reason"] = [$"The reason must be at most {MaxReasonLength} characters."];
        else if (reason is not null && reason.Any(c => char.IsControl(c) && c != '\n')) errors["reason"] = ["The reason must not contain control characters other than line breaks."];
        return errors;
    }

    /// <summary>The moderation event; nothing when the entry already has that status; a conflict once the contest is closed.</summary>
    public static Decision Decide(DesignContest state, ModerateEntry command)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        if (state.Stage == ContestStages.Closed) return Decision.Refuse("The contest is closed; its entries can no longer be moderated.");
        var entry = state.Entries[command.EntryId];
        if (entry.Status == command.Status) return Decision.Nothing;
        return Decision.Append(new ContestEntryModerated(state.CampaignId, state.ContestId, command.EntryId, command.Status, command.Reason, command.Actor));
    }
}
