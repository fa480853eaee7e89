using CoCreation.Api.Identity;
using CoCreation.Campaigns;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Campaigns.DefiningCampaign;

public sealed record DefineCampaignRequest(string? Name, string? Description, bool? AllowGuests);

public static class DefineCampaignEndpoint
{
    /// <summary>PUT /api/campaigns/{campaignId} (admin): 201 when created, 200 when updated or unchanged.</summary>
    public static async Task<Results<Created<CampaignResponse>, Ok<CampaignResponse>, ValidationProblem>> Handle(
        string campaignId, DefineCampaignRequest request, Actor actor, EventStore.EventStore store, CancellationToken cancellationToken)
    {
        var errors = DefineCampaign.Validate(campaignId, request.Name, request.Description);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "The campaign is not valid; see errors.");
        }

        var command = new DefineCampaign(campaignId, request.Name!, request.Description, request.AllowGuests ?? false, actor.Value);
        var (campaign, created) = await CampaignStream.DefineAsync(store, command, actor, cancellationToken);
        var response = CampaignResponse.From(campaign);
        return created
            ? TypedResults.Created($"/api/campaigns/{campaignId}", response)
            : TypedResults.Ok(response);
    }
}
