using CoCreation.OneId;
using CoCreation.Api.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Net.Http.Headers;

namespace CoCreation.Api.Identity;

/// <summary>
/// Validates OneID tokens: HS256 with the configured key, the configured issuer, an expiry, no
/// audience, a <c>sub</c> and a known <c>chn</c>. Read from <see cref="AuthOptions"/> when the scheme is
/// first used, after start-up validation has vouched for them.
/// </summary>
internal sealed class ConfigureOneIdBearer(IOptions<AuthOptions> auth) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name != Schemes.OneId) return;

        var oneId = auth.Value.OneId;
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            AuthenticationType = Schemes.OneId,
            ValidIssuer = oneId.Issuer,
            ValidateIssuer = true,
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            IssuerSigningKey = OneIdTokens.SigningKey(oneId.SigningKey),
            ValidateIssuerSigningKey = true,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            NameClaimType = OneIdTokens.SubjectClaim,
            // Roles come only from keys; a role claim inside a OneID token must grant nothing.
            RoleClaimType = "cocreation-no-roles-from-oneid",
        };
        options.Events = new OneIdBearerEvents();
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
}

internal class OneIdBearerEvents : JwtBearerEvents
{
    public override Task TokenValidated(TokenValidatedContext context)
    {
        var sub = context.Principal?.FindFirst(OneIdTokens.SubjectClaim)?.Value;
        var channel = context.Principal?.FindFirst(OneIdTokens.ChannelClaim)?.Value;
        if (string.IsNullOrWhiteSpace(sub))
        {
            context.Fail("The token has no 'sub' (OneID) claim.");
        }
        else if (!OneIds.IsValid(sub))
        {
            // Signed by the platform, yet not a OneID the directory can keep (a NUL is refused by PostgreSQL's text).
            context.Fail($"The token's 'sub' claim is not a valid OneID: {OneIds.Requirement}");
        }
        else if (!Channels.IsKnown(channel))
        {
            context.Fail($"The token's 'chn' claim must be one of: {string.Join(", ", Channels.All)}.");
        }
        return Task.CompletedTask;
    }

    public override Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers[HeaderNames.WWWAuthenticate] =
            context.AuthenticateFailure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        return context.HttpContext.WriteProblemAsync(StatusCodes.Status401Unauthorized, Describe(context.AuthenticateFailure), "Unauthorized");
    }

    public override Task Forbidden(ForbiddenContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return context.HttpContext.WriteProblemAsync(StatusCodes.Status403Forbidden,
            "A participant token may not do this; it needs an admin or host key.", "Forbidden");
    }

    private static string Describe(Exception? failure) => failure switch
    {
        null => "A bearer token is required: a OneID token for participants, a key for admins and hosts.",
        SecurityTokenExpiredException => "The token has expired.",
        SecurityTokenNotYetValidException => "The token is not valid yet.",
        SecurityTokenInvalidIssuerException => "The token was not issued by the configured OneID issuer.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The token's signature is not valid.",
        SecurityTokenNoExpirationException => "The token has no expiry.",
        SecurityTokenMalformedException => "The token is not a well-formed JWT.",
        SecurityTokenInvalidAlgorithmException => "The token must be signed with HS256.",
        AuthenticationFailureException => failure.Message,
        _ => "The token is not valid.",
    };
}
