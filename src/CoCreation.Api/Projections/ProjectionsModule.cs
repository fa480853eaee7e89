using CoCreation.Api.Identity;
using CoCreation.Api.Operations;
using CoCreation.Api.Trust.RateLimiting;
using CoCreation.EventStore.Projections;

namespace CoCreation.Api.Projections;

/// <summary>The projection daemon in this node, its readiness check and its admin endpoints.</summary>
public static class ProjectionsModule
{
    public static IServiceCollection AddProjections(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddProjectionDaemon();
        services.Configure<EventStore.EventStoreOptions>(options => options.Events.Add<ProjectionRebuildRequested>("projection-rebuild-requested"));
        services.AddOptions<ProjectionDaemonOptions>().Bind(configuration.GetSection("Projections"));
        services.AddOptions<ProjectionsReadiness>().Bind(configuration.GetSection("Projections:Readiness"));
        services.AddHealthChecks().AddCheck<ProjectionsCheck>("projections", tags: [HealthTags.Ready], timeout: TimeSpan.FromSeconds(5));
        return services;
    }

    public static IEndpointRouteBuilder MapProjections(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/api/admin/projections").WithTags("Operations").RequireAuthorization(Roles.Admin)
            .RequireRateLimit(RateLimitPolicies.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapGet("", ProjectionAdminEndpoints.Status).WithName("GetProjectionStatus");
        admin.MapPost("/{name}/rebuild", ProjectionAdminEndpoints.Rebuild).WithName("RebuildProjection")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }
}

/// <summary>How far behind the log a node may be and still take traffic.</summary>
public sealed class ProjectionsReadiness
{
    /// <summary>Events a projection may lag behind the head before the node reports itself not ready.</summary>
    public long MaxLag { get; set; } = 50_000;
}
