namespace CoCreation.Api.Identity.Guests;

/// <summary>
/// The <c>Auth:Guests</c> configuration: the optional guest tier, off by default. Guest tokens are this server's own
/// JWTs, signed with <see cref="SigningKey"/> (never the OneID key) for the fixed <see cref="Issuer"/> and
/// <see cref="Audience"/>, so neither kind of token can pass as the other.
/// </summary>
public sealed class GuestOptions
{
    public const string Issuer = "cocreation-guest";
    public const string Audience = "cocreation-guest";

    public bool Enabled { get; set; }

    /// <summary>HS256 key (UTF-8, at least 32 bytes), also the key of the hash that turns a device id into a guest's subject.</summary>
    public string SigningKey { get; set; } = "";

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(1);

    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);
}
