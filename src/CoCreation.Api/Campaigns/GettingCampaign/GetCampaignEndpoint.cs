using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Campaigns.GettingCampaign;

public static class GetCampaignEndpoint
{
    /// <summary>GET /api/campaigns/{campaignId}: public, 404 when no such campaign.</summary>
    public static async Task<Results<Ok<CampaignResponse>, ProblemHttpResult>> Handle(
        string campaignId, EventStore.EventStore store, CancellationToken cancellationToken)
    {
        var (campaign, _) = Slug.IsValid(campaignId)
            ? await CampaignStream.LoadAsync(store, campaignId, cancellationToken)
            : (null, 0);
        return campaign is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no campaign '{campaignId}'.")
            : TypedResults.Ok(CampaignResponse.From(campaign));
    }
}
