using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CoCreation.Pricing;

/// <summary>
/// How a price submission is made idempotent, the same way on every path that records one (a person's own
/// submission, the admin batch, the command-line import): the client's UUID key, scoped to the person, and a
/// fingerprint of the answer. The same key with the same answer is a replay; with another answer it is refused.
/// </summary>
public static class SubmissionKey
{
    /// <summary>The type recorded on a person's submission stream (<see cref="PricingItem.SubmissionStreamId"/>).</summary>
    public const string StreamType = "price-submission";

    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.Web);

    public const string Requirement = "An idempotency key holding a UUID is required.";

    /// <summary>Why a key stored with another answer is refused.</summary>
    public const string Reused = "This key was already used for this person with a different answer.";

    /// <summary>The client's key as a UUID, or null when it is missing or not one.</summary>
    public static Guid? Parse(string? key) => Guid.TryParse(key?.Trim(), out var parsed) ? parsed : null;

    /// <summary>The stored idempotency key: the client's key within the person's own key space.</summary>
    public static string For(Guid participantId, Guid key) => $"price:{participantId:N}:{key:D}";

    /// <summary>SHA-256 of <c>{campaign}/{item}</c> and the normalized answer's canonical JSON (fixed field order, nulls included).</summary>
    public static string Fingerprint(PricingItem item, PriceAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(answer);
        var text = $"{item.CampaignId}/{item.ItemId}\n{JsonSerializer.Serialize(answer, Canonical)}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
