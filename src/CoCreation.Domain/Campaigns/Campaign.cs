namespace CoCreation.Campaigns;

/// <summary>A campaign as its stream tells it.</summary>
public sealed record Campaign(string Id, string Name, string? Description, bool AllowGuests)
{
    public static string StreamId(string campaignId) => $"campaign/{campaignId}";

    public static Campaign Create(CampaignDefined e) => new(e.CampaignId, e.Name, e.Description, e.AllowGuests);

    public Campaign Apply(CampaignUpdated e) => this with { Name = e.Name, Description = e.Description, AllowGuests = e.AllowGuests };

    /// <summary>One step of the fold; events this state does not know leave it unchanged.</summary>
    public static Campaign? Evolve(Campaign? state, object @event) => (state, @event) switch
    {
        (null, CampaignDefined defined) => Create(defined),
        ({ } campaign, CampaignUpdated updated) => campaign.Apply(updated),
        _ => state,
    };

    public static Campaign? Fold(IEnumerable<object> events) => events.Aggregate((Campaign?)null, Evolve);
}
