using CoCreation.Pricing.Statistics;

namespace CoCreation.Pricing;

/// <summary>How an item asks for prices.</summary>
public static class PricingModes
{
    public const string Direct = "direct";
    public const string Psm = "psm";

    public static bool IsKnown(string? mode) => mode is Direct or Psm;
}

/// <summary>A pricing item as its stream tells it.</summary>
public sealed record PricingItem(
    string CampaignId, string ItemId, string Name, string Currency, long Min, long Max, long Step, string Mode,
    DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt, bool OpenedByHost, bool ClosedByHost, bool WasEverOpened, bool AllowGuests = false)
{
    // Slugs never hold '/', so these ids cannot collide across campaigns and items (with '-' they could: a-b + c = a + b-c).
    public static string StreamId(string campaignId, string itemId) => $"pricing-item/{campaignId}/{itemId}";

    /// <summary>What every person's submission stream for the item starts with (and no other item's does).</summary>
    public static string SubmissionStreamPrefix(string campaignId, string itemId) => $"price/{campaignId}/{itemId}/";

    public static string SubmissionStreamId(string campaignId, string itemId, Guid participantId) =>
        $"{SubmissionStreamPrefix(campaignId, itemId)}{participantId:N}";

    public PriceGrid Grid => new(Min, Max, Step);

    /// <summary>
    /// Open when not closed by a host and either opened by one or inside its window
    /// (<c>opensAt ≤ now &lt; closesAt</c>, each bound optional).
    /// </summary>
    public bool IsOpen(DateTimeOffset now) =>
        !ClosedByHost
        && (OpenedByHost || OpensAt is { } opens && opens <= now)
        && (ClosesAt is null || now < ClosesAt || OpenedByHost);

    public static PricingItem Create(PricingItemDefined e) =>
        new(e.CampaignId, e.ItemId, e.Name, e.Currency, e.Min, e.Max, e.Step, e.Mode, e.OpensAt, e.ClosesAt,
            OpenedByHost: false, ClosedByHost: false, WasEverOpened: false, e.AllowGuests);

    public PricingItem Apply(PricingItemUpdated e) => this with
    {
        Name = e.Name, Currency = e.Currency, Min = e.Min, Max = e.Max, Step = e.Step, Mode = e.Mode, OpensAt = e.OpensAt, ClosesAt = e.ClosesAt,
        AllowGuests = e.AllowGuests,
    };

    public PricingItem Apply(PricingRoundOpened e) => this with { OpenedByHost = true, ClosedByHost = false, WasEverOpened = true };

    public PricingItem Apply(PricingRoundClosed e) => this with { OpenedByHost = false, ClosedByHost = true };

    public static PricingItem? Evolve(PricingItem? state, object @event) => (state, @event) switch
    {
        (null, PricingItemDefined e) => Create(e),
        ({ } item, PricingItemUpdated e) => item.Apply(e),
        ({ } item, PricingRoundOpened e) => item.Apply(e),
        ({ } item, PricingRoundClosed e) => item.Apply(e),
        _ => state,
    };

    public static PricingItem? Fold(IEnumerable<object> events) => events.Aggregate((PricingItem?)null, Evolve);
}
