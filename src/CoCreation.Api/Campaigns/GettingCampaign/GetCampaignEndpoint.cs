using CoCreation.Api.Errors;
using CoCreation.EventStore.Projections;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Campaigns.GettingCampaign;

public static class GetCampaignEndpoint
{
    /// <summary>GET /api/campaigns/{campaignId}: public, 404 when no such campaign.</summary>
    public static async Task<Results<Ok<CampaignResponse>, ProblemHttpResult>> Handle(
        string campaignId, DocumentReader documents, TimeProvider time, CancellationToken cancellationToken)
    {
        var view = Slug.IsValid(campaignId) ? await documents.LoadAsync<CampaignView>(campaignId, cancellationToken) : null;
        return view is null
            ? Problems.NoCampaign(campaignId)
            : TypedResults.Ok(CampaignResponse.From(view, time.GetUtcNow()));
    }
}
