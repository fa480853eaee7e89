using CoCreation.OneId;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CoCreation.Api.Identity.Guests;

/// <summary>Validates guest tokens: HS256 with the guest key, the guest issuer and audience, an expiry, a <c>guest:</c> subject.</summary>
internal sealed class ConfigureGuestBearer(IOptions<AuthOptions> auth) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name != Schemes.Guest) return;

        var guests = auth.Value.Guests;
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            AuthenticationType = Schemes.Guest,
            ValidIssuer = GuestOptions.Issuer,
            ValidateIssuer = true,
            ValidAudience = GuestOptions.Audience,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            // Without guests there is no key: any token claiming to be a guest's fails its signature check.
            IssuerSigningKey = OneIdTokens.SigningKey(guests.Enabled ? guests.SigningKey : Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")),
            ValidateIssuerSigningKey = true,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            NameClaimType = OneIdTokens.SubjectClaim,
            RoleClaimType = "cocreation-no-roles-from-guests",
        };
        options.Events = new GuestBearerEvents();
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
}

/// <summary>The OneID scheme's answers (401/403 ProblemDetails), plus the guest subject's shape.</summary>
internal sealed class GuestBearerEvents : OneIdBearerEvents
{
    public override async Task TokenValidated(TokenValidatedContext context)
    {
        await base.TokenValidated(context);
        var sub = context.Principal?.FindFirst(OneIdTokens.SubjectClaim)?.Value;
        if (context.Result is null && sub is not null && !sub.StartsWith(GuestTokens.SubjectPrefix, StringComparison.Ordinal))
        {
            context.Fail("A guest token's subject must be a guest key.");
        }
    }
}
