namespace CoCreation.Api.Identity;

/// <summary>Authorization policy names and the roles keys grant.</summary>
public static class Roles
{
    public const string Participant = "participant";
    public const string Host = "host";
    public const string Admin = "admin";

    internal const string RoleClaim = "role";
    internal const string ActorClaim = "actor";
}
