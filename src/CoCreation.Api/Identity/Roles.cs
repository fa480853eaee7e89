namespace CoCreation.Api.Identity;

/// <summary>Authorization policy names and the roles keys grant.</summary>
public static class Roles
{
    public const string Participant = "participant";
    public const string Guest = "guest";

    /// <summary>The policy of participant writes a guest may make where allowed; the endpoint checks where.</summary>
    public const string ParticipantOrGuest = "participant-or-guest";
    public const string Host = "host";
    public const string Admin = "admin";

    internal const string RoleClaim = "role";
    internal const string ActorClaim = "actor";
}
