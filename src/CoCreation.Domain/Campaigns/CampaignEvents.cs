namespace CoCreation.Campaigns;

public sealed record CampaignDefined(string CampaignId, string Name, string? Description, bool AllowGuests, string Actor);

public sealed record CampaignUpdated(string CampaignId, string Name, string? Description, bool AllowGuests, string Actor);
