using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Pricing.Exporting;

/// <summary>The <c>Pseudonym</c> configuration section: the key of the participant pseudonyms in exports.</summary>
public sealed class PseudonymOptions
{
    public const string Section = "Pseudonym";

    /// <summary>Exports are meant to leave the building; a short key would let anyone who guesses it re-link them.</summary>
    public const int MinimumKeyBytes = 32;

    public string Key { get; set; } = "";
}

/// <summary>Fails start-up when the key is missing or short, naming the setting, never the key.</summary>
internal sealed class ValidatePseudonymOptions : IValidateOptions<PseudonymOptions>
{
    public ValidateOptionsResult Validate(string? name, PseudonymOptions options) =>
        Encoding.UTF8.GetByteCount(options.Key) < PseudonymOptions.MinimumKeyBytes
            ? ValidateOptionsResult.Fail($"Pseudonym:Key must be UTF-8 text of at least {PseudonymOptions.MinimumKeyBytes} bytes (the export pseudonyms' HMAC key).")
            : ValidateOptionsResult.Success;
}

/// <summary>
/// The participant column of exports: HMAC-SHA256 under <c>Pseudonym:Key</c> of the participant id's canonical text
/// (<c>xxxxxxxx-xxxx-…</c>, as PostgreSQL prints a uuid), as the first 32 hex digits (128 bits). Stable for a key, so
/// exports taken at different times join on it; without the key it cannot be linked to a participant id, let alone a
/// OneID (the log never holds one). Rotating the key breaks every link to earlier exports.
/// </summary>
public sealed class Pseudonyms(IOptions<PseudonymOptions> options)
{
    public const int HexLength = 32;

    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.Key);

    public string Of(Guid participantId)
    {
        Span<byte> text = stackalloc byte[36];
        participantId.TryFormat(text, out _, "D");
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, text, hash);
        return Convert.ToHexStringLower(hash[..(HexLength / 2)]);
    }
}
