namespace CoCreation.Live;

/// <summary>A host or admin switched what the campaign's livestream shows.</summary>
public sealed record SceneChanged(string CampaignId, string Kind, string? TargetId, bool RevealResults, string Actor);

/// <summary>An admin replaced the campaign's overlay token; tokens of earlier generations stop working.</summary>
public sealed record OverlayTokenRotated(string CampaignId, int Generation, string Actor);

/// <summary>An admin was handed the campaign's overlay token (a credential), on a stream of its own so generations do not move.</summary>
public sealed record OverlayTokenIssued(string CampaignId, int Generation, string Actor);
