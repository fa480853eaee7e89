using CoCreation.Live;

namespace CoCreation.Api.Live.Scenes;

/// <summary>
/// The contract's scene body, in <c>GET …/scene</c> and the hub's <c>scene(scene)</c>; <see cref="AsOf"/> is the
/// <c>SceneChanged</c> event it comes from, null for the default blank scene of a campaign that never switched.
/// <see cref="CampaignId"/> tells apart the scenes of a connection watching several campaigns.
/// </summary>
public sealed record SceneResponse(string CampaignId, string Kind, string? TargetId, bool RevealResults, SceneAsOf? AsOf)
{
    public static SceneResponse Blank(string campaignId) => new(campaignId, SceneKinds.Blank, null, false, null);
}

/// <summary>The event a scene is as of: its global sequence and when it was appended.</summary>
public sealed record SceneAsOf(long Sequence, DateTimeOffset Timestamp);
