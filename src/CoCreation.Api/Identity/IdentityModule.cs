using System.Security.Claims;
using CoCreation.Api.Identity.Guests;
using CoCreation.Api.Trust.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Identity;

public static class IdentityModule
{
    public static IServiceCollection AddIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, ValidateAuthOptions>();
        services.AddSingleton<ApiKeys>();
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, ConfigureOneIdBearer>();
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, ConfigureGuestBearer>();
        services.AddSingleton<GuestTokens>();

        services.AddAuthentication(Schemes.Bearer)
            .AddPolicyScheme(Schemes.Bearer, "OneID token, guest token or admin/host key",
                options => options.ForwardDefaultSelector = BearerRouting.SelectScheme)
            .AddJwtBearer(Schemes.OneId, _ => { })
            .AddJwtBearer(Schemes.Guest, _ => { })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(Schemes.ApiKey, _ => { });

        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Participant, policy => policy.RequireAssertion(c => HasIdentity(c.User, Schemes.OneId)))
            .AddPolicy(Roles.ParticipantOrGuest, policy => policy.RequireAssertion(c => HasIdentity(c.User, Schemes.OneId) || HasIdentity(c.User, Schemes.Guest)))
            .AddPolicy(Roles.Host, policy => policy.RequireAssertion(c => HasRole(c.User, Roles.Host, Roles.Admin)))
            .AddPolicy(Roles.Admin, policy => policy.RequireAssertion(c => HasRole(c.User, Roles.Admin)));
        return services;
    }

    public static IEndpointRouteBuilder MapIdentity(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/identity/me", WhoAmI).WithTags("Identity").RequireAuthorization()
            .RequireRateLimit(RateLimitPolicies.ParticipantReads);
        endpoints.MapPost("/api/identity/guest", GuestTokenEndpoints.Issue).WithTags("Identity").WithName("IssueGuestToken")
            .RequireRateLimit(RateLimitPolicies.Issuance).ProducesProblem(StatusCodes.Status404NotFound);
        endpoints.MapGet("/api/identity/guest", GuestTokenEndpoints.Describe).WithTags("Identity").WithName("GetGuestTier")
            .RequireRateLimit(RateLimitPolicies.PublicReads).ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    /// <summary>Lets a client check its token or key: who the API takes it for.</summary>
    public static Ok<Caller> WhoAmI(Actor actor, ClaimsPrincipal user) => TypedResults.Ok(new Caller(
        actor.Value,
        actor.IsParticipant ? Roles.Participant : actor.IsGuest ? Roles.Guest : user.FindFirst(Roles.RoleClaim)?.Value ?? "unknown",
        actor.OneId,
        actor.Channel));

    public sealed record Caller(string Actor, string Role, string? OneId, string? Channel);

    private static bool HasIdentity(ClaimsPrincipal user, string scheme) =>
        user.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == scheme);

    // Roles count only on key identities: a OneID token cannot claim one.
    private static bool HasRole(ClaimsPrincipal user, params string[] roles) =>
        user.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == Schemes.ApiKey
            && roles.Any(r => i.HasClaim(Roles.RoleClaim, r)));
}
