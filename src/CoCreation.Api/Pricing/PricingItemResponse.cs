using CoCreation.Pricing;

namespace CoCreation.Api.Pricing;

/// <summary>A pricing item as clients read it, with whether its round takes answers now.</summary>
public sealed record PricingItemResponse(
    string Id, string CampaignId, string Name, string Currency, long Min, long Max, long Step, string Mode,
    DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt, bool IsOpen, bool AllowGuests)
{
    public static PricingItemResponse From(PricingItem item, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new(item.ItemId, item.CampaignId, item.Name, item.Currency, item.Min, item.Max, item.Step, item.Mode,
            item.OpensAt, item.ClosesAt, item.IsOpen(now), item.AllowGuests);
    }
}
