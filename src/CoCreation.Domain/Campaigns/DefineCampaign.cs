namespace CoCreation.Campaigns;

/// <summary>Create a campaign or replace its settings (PUT semantics: omitted optional fields reset).</summary>
public sealed record DefineCampaign(string CampaignId, string Name, string? Description, bool AllowGuests, string Actor)
{
    public const int MaxNameLength = DisplayName.MaxLength;
    public const int MaxDescriptionLength = 4000;

    /// <summary>Field → messages for everything wrong with the input; empty when it is valid.</summary>
    public static Dictionary<string, string[]> Validate(string campaignId, string? name, string? description)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!Slug.IsValid(campaignId))
        {
            errors["campaignId"] = [$"The campaign id {Slug.Rule}."];
        }
        DisplayName.Check(errors, "name", name, MaxNameLength);
        if (description is { Length: > MaxDescriptionLength })
        {
            errors["description"] = [$"The description must be at most {MaxDescriptionLength} characters."];
        }
        else if (description is not null && description.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            // PostgreSQL's jsonb cannot store NUL; other control characters are never meant.
            errors["description"] = ["The description must not contain control characters other than line breaks and tabs."];
        }
        return errors;
    }

    /// <summary>What happens when this command meets <paramref name="state"/>: nothing when it changes nothing.</summary>
    public static IReadOnlyList<object> Decide(Campaign? state, DefineCampaign command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (state is null)
        {
            return [new CampaignDefined(command.CampaignId, command.Name, command.Description, command.AllowGuests, command.Actor)];
        }
        if (state.Name == command.Name && state.Description == command.Description && state.AllowGuests == command.AllowGuests)
        {
            return [];
        }
        return [new CampaignUpdated(command.CampaignId, command.Name, command.Description, command.AllowGuests, command.Actor)];
    }
}
