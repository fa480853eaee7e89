namespace CoCreation.Pricing;

/// <summary>Hosts and admins opening and closing an item's round by hand; repeating either changes nothing.</summary>
public static class PricingRound
{
    /// <summary>Opens the round (reopening it if it was closed), whatever its window says.</summary>
    public static IReadOnlyList<object> Open(PricingItem item, string actor)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.OpenedByHost ? [] : [new PricingRoundOpened(item.CampaignId, item.ItemId, actor)];
    }

    /// <summary>Closes the round until a host opens it again.</summary>
    public static IReadOnlyList<object> Close(PricingItem item, string actor)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.ClosedByHost ? [] : [new PricingRoundClosed(item.CampaignId, item.ItemId, actor)];
    }
}
