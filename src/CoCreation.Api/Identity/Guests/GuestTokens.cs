using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CoCreation.OneId;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CoCreation.Api.Identity.Guests;

/// <summary>
/// Mints guest tokens and derives a guest's key: <c>guest:</c> and the HMAC-SHA256 of the device id under the guest
/// signing key. The device id itself is never stored or logged; the key is the guest's entry in the participants
/// directory (a table of its own, so no OneID can ever collide with it).
/// </summary>
public sealed class GuestTokens(IOptions<AuthOptions> options, TimeProvider time)
{
    public const string SubjectPrefix = "guest:";
    public const int MinDeviceIdLength = 8;
    public const int MaxDeviceIdLength = 128;

    public static string DeviceIdRequirement { get; } =
        $"A device id of {MinDeviceIdLength} to {MaxDeviceIdLength} characters from A-Z, a-z, 0-9 and . _ : - is required.";

    private GuestOptions Guests => options.Value.Guests;

    public static bool IsValidDeviceId(string? deviceId) =>
        deviceId is { Length: >= MinDeviceIdLength and <= MaxDeviceIdLength }
        && deviceId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-');

    /// <summary>The guest's subject and directory key for a (valid) device id.</summary>
    public string KeyOf(string deviceId)
    {
        var digest = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Guests.SigningKey), Encoding.UTF8.GetBytes($"device\n{deviceId}"));
        return SubjectPrefix + Convert.ToHexStringLower(digest);
    }

    public (string Token, DateTimeOffset ExpiresAt) Mint(string deviceId, string channel)
    {
        var now = time.GetUtcNow();
        var expires = now + Guests.Lifetime;
        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = GuestOptions.Issuer,
            Audience = GuestOptions.Audience,
            Claims = new Dictionary<string, object> { [OneIdTokens.SubjectClaim] = KeyOf(deviceId), [OneIdTokens.ChannelClaim] = channel },
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(OneIdTokens.SigningKey(Guests.SigningKey), SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    /// <summary>Whether a JWT says it is a guest token (unverified: only to pick the scheme that then verifies it).</summary>
    /// <remarks>
    /// Runs on every request with a bearer token, so it reads only the payload's <c>iss</c>, without building a token
    /// object (the scheme's handler parses the whole token right after anyway). Anything unreadable is not a guest's.
    /// </remarks>
    public static bool ClaimsGuestIssuer(string token)
    {
        var first = token.IndexOf('.');
        var second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (second < 0) return false;
        var payload = token.AsSpan(first + 1, second - first - 1);
        var length = Base64Url.GetMaxDecodedLength(payload.Length);
        byte[]? rented = null;
        var bytes = length <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            if (Base64Url.DecodeFromChars(payload, bytes, out _, out var written) != OperationStatus.Done) return false;
            var reader = new Utf8JsonReader(bytes[..written]);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isIssuer = reader.ValueTextEquals("iss"u8);
                if (!reader.Read()) return false;
                if (isIssuer) return reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(GuestOptions.Issuer);
                reader.Skip();
            }
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
