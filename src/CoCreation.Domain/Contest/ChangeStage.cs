namespace CoCreation.Contest;

/// <summary>
/// Move a contest forward (skipping stages is allowed, going back or staying is not). Shortlist and final name the
/// entries that go through, each an entry of the current stage's set (approved, and named by the current stage when
/// it names entries); the other stages name none.
/// </summary>
public sealed record ChangeStage(string Stage, IReadOnlyList<Guid> EntryIds, string Actor)
{
    public const int MaxEntries = 10_000;

    /// <summary>Field → messages for what is wrong with the request on its own (before the contest is consulted).</summary>
    public static Dictionary<string, string[]> Validate(string? stage, IReadOnlyList<Guid>? entryIds)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!ContestStages.IsKnown(stage))
        {
            errors["stage"] = [$"The stage must be one of: {string.Join(", ", ContestStages.All)}."];
            return errors;
        }
        if (ContestStages.NamesEntries(stage!))
        {
            if (entryIds is not { Count: > 0 and <= MaxEntries })
            {
                errors["entryIds"] = [$"The {stage} names the entries that go through: 1 to {MaxEntries:N0} entry ids."];
            }
            else if (entryIds.Distinct().Count() != entryIds.Count)
            {
                errors["entryIds"] = ["Each entry may be named once."];
            }
        }
        else if (entryIds is { Count: > 0 })
        {
            errors["entryIds"] = [$"Only the {ContestStages.Shortlist} and the {ContestStages.Final} name entries."];
        }
        return errors;
    }

    /// <summary>The stage event, or a conflict (409: not forward) or errors (400: a named entry that cannot go through).</summary>
    public static (Decision Decision, Dictionary<string, string[]> Errors) Decide(DesignContest state, ChangeStage command)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (ContestStages.Order(command.Stage) <= ContestStages.Order(state.Stage))
        {
            return (Decision.Refuse($"The contest is in the {state.Stage} stage; stages only move forward ({string.Join(" → ", ContestStages.All)})."), errors);
        }
        var outside = command.EntryIds.Where(id => !state.Entries.TryGetValue(id, out var entry) || !state.InCurrentSet(entry)).ToList();
        if (outside.Count > 0)
        {
            errors["entryIds"] = [$"Not approved entries of the {state.Stage} stage: {string.Join(", ", outside.Take(20))}{(outside.Count > 20 ? ", …" : "")}."];
            return (Decision.Nothing, errors);
        }
        var ids = ContestStages.NamesEntries(command.Stage) ? command.EntryIds : [];
        return (Decision.Append(new ContestStageChanged(state.CampaignId, state.ContestId, command.Stage, ids, command.Actor)), errors);
    }
}
