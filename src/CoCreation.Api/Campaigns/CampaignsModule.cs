using CoCreation.Api.Campaigns.DefiningCampaign;
using CoCreation.Api.Campaigns.GettingCampaign;
using CoCreation.Api.Campaigns.ListingCampaigns;
using CoCreation.Api.Identity;
using CoCreation.Api.Trust.RateLimiting;
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
        endpoints.MapGet("/api/campaigns", ListCampaignsEndpoint.Handle).WithTags("Campaigns").WithName("ListCampaigns").RequireRateLimit(RateLimitPolicies.PublicReads);
        var campaigns = endpoints.MapGroup("/api/campaigns/{campaignId}").WithTags("Campaigns");
        campaigns.MapPut("", DefineCampaignEndpoint.Handle).WithName("DefineCampaign").RequireRateLimit(RateLimitPolicies.Admin)
            .RequireAuthorization(Roles.Admin).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        campaigns.MapGet("", GetCampaignEndpoint.Handle).WithName("GetCampaign").RequireRateLimit(RateLimitPolicies.PublicReads)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }
}
