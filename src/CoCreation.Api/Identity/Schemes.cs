namespace CoCreation.Api.Identity;

/// <summary>Authentication scheme names.</summary>
public static class Schemes
{
    /// <summary>The default: forwards to <see cref="OneId"/> or <see cref="ApiKey"/> by the token's shape.</summary>
    public const string Bearer = "Bearer";

    /// <summary>Participants' OneID JWTs.</summary>
    public const string OneId = "OneId";

    /// <summary>Admin and host keys.</summary>
    public const string ApiKey = "ApiKey";

    /// <summary>Guests' tokens, minted by this server (<see cref="Guests.GuestTokens"/>).</summary>
    public const string Guest = "Guest";
}
