namespace CoCreation.Pricing;

/// <summary>
/// How a price submission is made idempotent, the same way on every path that records one (a person's own
/// submission, the admin batch, the command-line import): the client's UUID key (<see cref="ClientKeys"/>), scoped to
/// the person, and a fingerprint of the answer. The same key with the same answer is a replay; with another answer it is refused.
/// </summary>
public static class SubmissionKey
{
    /// <summary>The type recorded on a person's submission stream (<see cref="PricingItem.SubmissionStreamId"/>).</summary>
    public const string StreamType = "price-submission";

    /// <summary>Why a row without a UUID key is refused.</summary>
    public const string Requirement = "An idempotency key holding a UUID is required.";

    /// <summary>Why a key stored with another answer is refused.</summary>
    public const string Reused = "This key was already used for this person with a different answer.";

    /// <summary>The stored idempotency key: the client's key within the person's own key space.</summary>
    public static string For(Guid participantId, Guid key) => $"price:{participantId:N}:{key:D}";

    /// <summary>SHA-256 of <c>{campaign}/{item}</c> and the normalized answer's canonical JSON (fixed field order, nulls included).</summary>
    public static string Fingerprint(PricingItem item, PriceAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(item);
        return ClientKeys.Fingerprint($"{item.CampaignId}/{item.ItemId}", answer);
    }
}
