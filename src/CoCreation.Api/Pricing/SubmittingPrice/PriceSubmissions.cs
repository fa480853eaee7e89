using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CoCreation.EventStore;
using CoCreation.Pricing;

namespace CoCreation.Api.Pricing.SubmittingPrice;

/// <summary>
/// Appending one valid answer, shared by single and batch submissions: one event on the person's own stream
/// for the item, through the group commit, made idempotent by the client's key. The same key with the same
/// answer replays the first result; with another answer (or item) the store refuses it (422).
/// </summary>
internal static class PriceSubmissions
{
    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.Web);

    /// <summary>The client's key as a UUID, or null when it is missing or not one.</summary>
    public static Guid? ParseKey(string? key) => Guid.TryParse(key?.Trim(), out var parsed) ? parsed : null;

    /// <param name="actor">Who appended, for the event metadata; never a OneID.</param>
    public static Task<AppendResult> AppendAsync(
        EventStore.EventStore store, PricingItem item, Guid participantId, string channel, PriceAnswer answer, Guid key, string actor,
        CancellationToken cancellationToken) =>
        store.AppendAsync(
            PricingItem.SubmissionStreamId(item.CampaignId, item.ItemId, participantId),
            [SubmitPrice.Record(item, participantId, channel, answer)],
            new AppendOptions
            {
                Expected = ExpectedVersion.Any,
                Idempotency = new IdempotencyKey($"price:{participantId:N}:{key:D}", Fingerprint(item, answer)),
                Actor = actor,
                StreamType = "price-submission",
            },
            cancellationToken);

    /// <summary>SHA-256 of <c>{campaign}/{item}</c> and the answer's canonical JSON (fixed field order, nulls included).</summary>
    public static string Fingerprint(PricingItem item, PriceAnswer answer)
    {
        var text = $"{item.CampaignId}/{item.ItemId}\n{JsonSerializer.Serialize(answer, Canonical)}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The metadata actor of a participant's own submission: their participant id, so the log holds no OneID.</summary>
    public static string ParticipantActor(Guid participantId) => $"participant:{participantId:N}";
}
