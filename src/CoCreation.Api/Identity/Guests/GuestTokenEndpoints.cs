using CoCreation.Api.Errors;
using CoCreation.OneId;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Identity.Guests;

/// <summary><c>{deviceId, channel?}</c>: the device's own stable id (an app install id, a browser's random id); channel defaults to web.</summary>
public sealed record GuestTokenRequest(string? DeviceId, string? Channel);

public sealed record GuestTokenResponse(string Token, DateTimeOffset ExpiresAt);

public sealed record GuestTierResponse(bool Enabled, TimeSpan Lifetime);

public static class GuestTokenEndpoints
{
    /// <summary>
    /// POST /api/identity/guest (anyone): a guest token for the device. 404 while the guest tier is off: the resource
    /// does not exist on this server, whoever asks (a 403 would suggest another caller could have it).
    /// </summary>
    public static Results<Ok<GuestTokenResponse>, ValidationProblem, ProblemHttpResult> Issue(
        GuestTokenRequest request, IOptions<AuthOptions> options, GuestTokens tokens)
    {
        if (!options.Value.Guests.Enabled) return Off();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!GuestTokens.IsValidDeviceId(request.DeviceId)) errors["deviceId"] = [GuestTokens.DeviceIdRequirement];
        var channel = request.Channel ?? "web";
        if (!Channels.IsKnown(channel)) errors["channel"] = [Channels.Requirement];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, detail: "The guest request is not valid; see errors.");

        var (token, expiresAt) = tokens.Mint(request.DeviceId!, channel);
        return TypedResults.Ok(new GuestTokenResponse(token, expiresAt));
    }

    /// <summary>GET /api/identity/guest (anyone): whether this server issues guest tokens (404 when it does not), for the participant page.</summary>
    public static Results<Ok<GuestTierResponse>, ProblemHttpResult> Describe(IOptions<AuthOptions> options) =>
        options.Value.Guests.Enabled ? TypedResults.Ok(new GuestTierResponse(true, options.Value.Guests.Lifetime)) : Off();

    private static ProblemHttpResult Off() => Problems.NotFound("This server does not offer guest access (Auth:Guests:Enabled is false).");
}
