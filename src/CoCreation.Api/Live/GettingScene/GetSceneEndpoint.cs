using CoCreation.Api.Campaigns;
using CoCreation.Api.Errors;
using CoCreation.Api.Live.Scenes;
using CoCreation.Api.Pricing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Live.GettingScene;

public static class GetSceneEndpoint
{
    /// <summary>GET /api/campaigns/{campaignId}/scene (public): the scene this node shows, <c>blank</c> until a host switches one.</summary>
    public static async Task<Results<Ok<SceneResponse>, ProblemHttpResult>> Handle(
        string campaignId, EventStore.EventStore store, LiveScenes scenes, CancellationToken cancellationToken) =>
        await CampaignStream.ExistsAsync(store, campaignId, cancellationToken)
            ? TypedResults.Ok(scenes.SceneOf(campaignId))
            : Problems.NoCampaign(campaignId);
}
