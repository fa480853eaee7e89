using System.Security.Claims;
using System.Text.Encodings.Web;
using CoCreation.Api.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CoCreation.Api.Identity;

/// <summary>Authenticates admins and hosts by a configured key sent as a bearer token.</summary>
internal sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!BearerRouting.TryReadToken(Request, out var key))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (keys.Match(key) is not { } role)
        {
            return Task.FromResult(AuthenticateResult.Fail("The key is not an admin or host key."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(Roles.RoleClaim, role), new Claim(Roles.ActorClaim, $"{role}:{ApiKeys.Fingerprint(key)}")],
            Scheme.Name, Roles.ActorClaim, Roles.RoleClaim);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        await Context.WriteProblemAsync(StatusCodes.Status401Unauthorized,
            result.Failure?.Message ?? "A bearer token is required.", "Unauthorized");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Context.WriteProblemAsync(StatusCodes.Status403Forbidden, "This key's role may not do this.", "Forbidden");
    }
}
