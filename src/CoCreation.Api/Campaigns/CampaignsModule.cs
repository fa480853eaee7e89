using CoCreation.Api.Campaigns.DefiningCampaign;
using CoCreation.Api.Campaigns.GettingCampaign;
using CoCreation.Campaigns;
using CoCreation.EventStore;

namespace CoCreation.Api.Campaigns;

public static class CampaignsModule
{
    public static IServiceCollection AddCampaigns(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EventStoreOptions>(options => options.Events
            .Add<CampaignDefined>("campaign-defined")
            .Add<CampaignUpdated>("campaign-updated"));

        if (configuration.GetValue<bool>("Demo:Seed"))
        {
            services.AddHostedService<DemoSeeder>();
        }
        return services;
    }

    public static IEndpointRouteBuilder MapCampaigns(this IEndpointRouteBuilder endpoints)
    {
        var campaigns = endpoints.MapGroup("/api/campaigns/{campaignId}").WithTags("Campaigns");
        campaigns.MapPut("", DefineCampaignEndpoint.Handle).RequireAuthorization(Identity.Roles.Admin).WithName("DefineCampaign");
        campaigns.MapGet("", GetCampaignEndpoint.Handle).WithName("GetCampaign");
        return endpoints;
    }
}
