using CoCreation.OneId;
using System.Security.Claims;

namespace CoCreation.Api.Identity;

/// <summary>
/// Who is calling, as recorded in event metadata: <c>oneid:&lt;sub&gt;</c>, <c>guest:&lt;key&gt;</c>,
/// <c>admin:&lt;fingerprint&gt;</c> or <c>host:&lt;fingerprint&gt;</c>. Never carries a raw key. Endpoints take it as a parameter.
/// </summary>
public sealed record Actor(string Value, string? OneId = null, string? Channel = null, string? GuestKey = null)
{
    public bool IsParticipant => OneId is not null;

    public bool IsGuest => GuestKey is not null;

    public static Actor System(string purpose) => new($"system:{purpose}");

    public static Actor? From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        foreach (var identity in user.Identities.Where(i => i.IsAuthenticated))
        {
            switch (identity.AuthenticationType)
            {
                case Schemes.OneId when identity.FindFirst(OneIdTokens.SubjectClaim)?.Value is { } sub:
                    return new Actor($"oneid:{sub}", sub, identity.FindFirst(OneIdTokens.ChannelClaim)?.Value);
                case Schemes.Guest when identity.FindFirst(OneIdTokens.SubjectClaim)?.Value is { } guest:
                    return new Actor(guest, Channel: identity.FindFirst(OneIdTokens.ChannelClaim)?.Value, GuestKey: guest);
                case Schemes.ApiKey when identity.FindFirst(Roles.ActorClaim)?.Value is { } actor:
                    return new Actor(actor);
            }
        }
        return null;
    }

    /// <summary>Minimal-API binding; endpoints that take an actor require authorization, so it is always there.</summary>
    public static ValueTask<Actor?> BindAsync(HttpContext context) => ValueTask.FromResult(From(context.User));

    public override string ToString() => Value;
}
