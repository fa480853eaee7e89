namespace CoCreation.Contest;

/// <summary>Create a contest or replace its title and description (PUT semantics: an omitted description resets).</summary>
public sealed record DefineContest(string CampaignId, string ContestId, string Title, string? Description, string Actor, bool AllowGuests = false)
{
    /// <summary>Field → messages for everything wrong with the (normalized) input; empty when it is valid.</summary>
    public static Dictionary<string, string[]> Validate(string campaignId, string contestId, string? title, string? description)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!Slug.IsValid(campaignId)) errors["campaignId"] = [$"The campaign id {Slug.Rule}."];
        if (!Slug.IsValid(contestId)) errors["contestId"] = [$"The contest id {Slug.Rule}."];
        DisplayName.Check(errors, "title", title);
        ContestText.CheckDescription(errors, "description", description);
        return errors;
    }

    public static Decision Decide(DesignContest? state, DefineContest command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var c = command;
        if (state is null) return Decision.Append(new ContestDefined(c.CampaignId, c.ContestId, c.Title, c.Description, c.Actor, c.AllowGuests));
        if (state.Title == c.Title && state.Description == c.Description && state.AllowGuests == c.AllowGuests) return Decision.Nothing;
        return Decision.Append(new ContestUpdated(c.CampaignId, c.ContestId, c.Title, c.Description, c.Actor, c.AllowGuests));
    }
}
