using CoCreation.Api.Campaigns.DefiningCampaign;
using CoCreation.Api.Campaigns.GettingCampaign;
using CoCreation.Api.Campaigns.ListingCampaigns;
using CoCreation.Api.Identity;
using CoCreation.Campaigns;
using CoCreation.EventStore;

namespace CoCreation.Api.Campaigns;

public static class CampaignsModule
{
    public static IServiceCollection AddCampaigns(this IServiceCollection services)
    {
        services.Configure<EventStoreOptions>(options => options.Events
            .Add<CampaignDefined>("campaign-defined")
            .Add<CampaignUpdated>("campaign-updated"));
        services.AddDocumentProjection<CampaignDirectory>();
        return services;
    }

    public static IEndpointRouteBuilder MapCampaigns(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/campaigns", ListCampaignsEndpoint.Handle).WithTags("Campaigns").WithName("ListCampaigns");
        var campaigns = endpoints.MapGroup("/api/campaigns/{campaignId}").WithTags("Campaigns");
        campaigns.MapPut("", DefineCampaignEndpoint.Handle).WithName("DefineCampaign")
            .RequireAuthorization(Roles.Admin).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        campaigns.MapGet("", GetCampaignEndpoint.Handle).WithName("GetCampaign")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }
}
