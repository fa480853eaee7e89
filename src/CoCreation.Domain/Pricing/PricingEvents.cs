namespace CoCreation.Pricing;

/// <summary>
/// An item's price round was set up (stream <see cref="PricingItem.StreamId"/>); <paramref name="AllowGuests"/>: guests
/// may answer it when the campaign allows guests too (absent in events written before guests: false).
/// </summary>
public sealed record PricingItemDefined(
    string CampaignId, string ItemId, string Name, string Currency, long Min, long Max, long Step, string Mode,
    DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt, string Actor, bool AllowGuests = false);

/// <summary>An item's settings changed; the grid only while its round was never opened.</summary>
public sealed record PricingItemUpdated(
    string CampaignId, string ItemId, string Name, string Currency, long Min, long Max, long Step, string Mode,
    DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt, string Actor, bool AllowGuests = false);

/// <summary>A host or admin opened the round (reopening it if it was closed).</summary>
public sealed record PricingRoundOpened(string CampaignId, string ItemId, string Actor);

/// <summary>A host or admin closed the round.</summary>
public sealed record PricingRoundClosed(string CampaignId, string ItemId, string Actor);

/// <summary>
/// A person's answer for an item (stream <see cref="PricingItem.SubmissionStreamId"/>): a direct price, or the four
/// Van Westendorp prices with optional likelihoods. It replaces that person's previous answer. The person is a
/// participant id from the participants directory, never the OneID. <paramref name="DwellMs"/> and
/// <paramref name="Network"/> are the abuse signals (<see cref="Flags.AnswerSignals"/>); they came later, so they are
/// optional trailing fields: events stored before them read with both null.
/// </summary>
public sealed record PriceSubmitted(
    string CampaignId, string ItemId, Guid ParticipantId, string Channel,
    long? Price, long? TooCheap, long? Cheap, long? Expensive, long? TooExpensive,
    int? LikelihoodAtCheap, int? LikelihoodAtExpensive, string? Region, string? AgeBand,
    int? DwellMs = null, string? Network = null);

/// <summary>The stored names of the pricing events; every process reading or writing them registers these.</summary>
public static class PricingEventNames
{
    public static IReadOnlyList<(Type Type, string Name)> All { get; } =
    [
        (typeof(PricingItemDefined), "pricing-item-defined"),
        (typeof(PricingItemUpdated), "pricing-item-updated"),
        (typeof(PricingRoundOpened), "pricing-round-opened"),
        (typeof(PricingRoundClosed), "pricing-round-closed"),
        (typeof(PriceSubmitted), "price-submitted"),
    ];
}
