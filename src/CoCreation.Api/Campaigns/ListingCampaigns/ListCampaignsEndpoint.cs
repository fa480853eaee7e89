using CoCreation.EventStore.Projections;

namespace CoCreation.Api.Campaigns.ListingCampaigns;

public static class ListCampaignsEndpoint
{
    /// <summary>GET /api/campaigns: every campaign, newest first.</summary>
    public static async Task<Microsoft.AspNetCore.Http.HttpResults.Ok<IReadOnlyList<CampaignResponse>>> Handle(DocumentReader documents, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var views = await documents.ListAsync<CampaignView>(cancellationToken: cancellationToken);
        return TypedResults.Ok<IReadOnlyList<CampaignResponse>>([.. views.OrderByDescending(v => v.CreatedAt).ThenBy(v => v.Id, StringComparer.Ordinal).Select(v => CampaignResponse.From(v, now))]);
    }
}
