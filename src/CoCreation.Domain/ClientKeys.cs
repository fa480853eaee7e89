using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CoCreation;

/// <summary>
/// The UUID key a client sends with a write and the fingerprint of its request, as the store keeps them with the
/// events: a retry with the same request replays, another request under the key is refused. Pure, so the API and the
/// command-line import compute the same.
/// </summary>
public static class ClientKeys
{
    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.Web);

    /// <summary>The client's key as a UUID, or null when it is missing or not one.</summary>
    public static Guid? Parse(string? key) => Guid.TryParse(key?.Trim(), out var parsed) ? parsed : null;

    /// <summary>SHA-256 of <paramref name="scope"/> and the canonical JSON of <paramref name="request"/> (fixed field order, nulls included).</summary>
    public static string Fingerprint(string scope, object request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = $"{scope}\n{JsonSerializer.Serialize(request, request.GetType(), Canonical)}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
