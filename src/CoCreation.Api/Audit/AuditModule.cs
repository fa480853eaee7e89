using CoCreation.Api.Identity;
using CoCreation.Api.Trust.RateLimiting;

namespace CoCreation.Api.Audit;

/// <summary>The audit log: every admin and host action, per campaign and global, read from a document projection.</summary>
public static class AuditModule
{
    public static IServiceCollection AddAudit(this IServiceCollection services) => services.AddDocumentProjection<AuditLog>();

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/campaigns/{campaignId}/audit", AuditEndpoints.ForCampaign).WithTags("Audit").WithName("GetCampaignAudit")
            .RequireAuthorization(Roles.Admin).RequireRateLimit(RateLimitPolicies.Admin).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        endpoints.MapGet("/api/audit", AuditEndpoints.Global).WithTags("Audit").WithName("GetGlobalAudit")
            .RequireAuthorization(Roles.Admin).RequireRateLimit(RateLimitPolicies.Admin).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return endpoints;
    }
}
