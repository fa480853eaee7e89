using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CoCreation.OneId;

/// <summary>
/// Mints participant tokens the way the brand's OneID platform does, for the CLI, the load generator
/// and tests; the API only verifies them (with <see cref="SigningKey"/> and the claim names here).
/// </summary>
public static class OneIdTokens
{
    public const string SubjectClaim = "sub";
    public const string ChannelClaim = "chn";

    public static string Mint(OneIdOptions options, string oneId, string channel, TimeSpan lifetime, DateTimeOffset? issuedAt = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Mint(options.Issuer, options.SigningKey, oneId, channel, lifetime, issuedAt);
    }

    public static string Mint(string issuer, string signingKey, string oneId, string channel, TimeSpan lifetime, DateTimeOffset? issuedAt = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(oneId);
        if (!Channels.IsKnown(channel))
        {
            throw new ArgumentException($"'{channel}' is not a channel; use one of {string.Join(", ", Channels.All)}.", nameof(channel));
        }
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);

        var now = issuedAt ?? DateTimeOffset.UtcNow;
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Claims = new Dictionary<string, object> { [SubjectClaim] = oneId, [ChannelClaim] = channel },
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(SigningKey(signingKey), SecurityAlgorithms.HmacSha256),
        });
    }

    public static SymmetricSecurityKey SigningKey(string signingKey) => new(Encoding.UTF8.GetBytes(signingKey));
}
