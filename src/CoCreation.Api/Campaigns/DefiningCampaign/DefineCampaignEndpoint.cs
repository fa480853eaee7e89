using CoCreation.Api.Identity;
using CoCreation.Campaigns;
using CoCreation.EventStore.Projections;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Campaigns.DefiningCampaign;

public sealed record DefineCampaignRequest(string? Name, string? Description, bool? AllowGuests);

public static class DefineCampaignEndpoint
{
    private static readonly TimeSpan ProjectionWait = TimeSpan.FromSeconds(2);

    /// <summary>PUT /api/campaigns/{campaignId} (admin): 201 when created, 200 when updated or unchanged.</summary>
    public static async Task<Results<Created<CampaignResponse>, Ok<CampaignResponse>, ValidationProblem>> Handle(
        string campaignId, DefineCampaignRequest request, Actor actor, EventStore.EventStore store, ProjectionDaemon daemon, CancellationToken cancellationToken)
    {
        var errors = DefineCampaign.Validate(campaignId, request.Name, request.Description);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "The campaign is not valid; see errors.");
        }

        var command = new DefineCampaign(campaignId, request.Name!, request.Description, request.AllowGuests ?? false, actor.Value);
        var (campaign, created, sequence) = await CampaignStream.DefineAsync(store, command, actor, cancellationToken);
        if (sequence is { } written)
        {
            // Read-your-writes for the admin who just saved: a GET right after sees the change. The write
            // is durable either way; past the wait the response goes out and the page catches up shortly.
            await daemon.WaitForPositionAsync(CampaignDirectory.ProjectionName, written, ProjectionWait, cancellationToken);
        }
        var response = CampaignResponse.From(campaign);
        return created
            ? TypedResults.Created($"/api/campaigns/{campaignId}", response)
            : TypedResults.Ok(response);
    }
}
