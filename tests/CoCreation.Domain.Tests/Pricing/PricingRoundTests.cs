using CoCreation.Pricing;

namespace CoCreation.Domain.Tests.Pricing;

public sealed class PricingRoundTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static PricingItem Item(DateTimeOffset? opensAt = null, DateTimeOffset? closesAt = null) =>
        PricingItem.Create(new PricingItemDefined("d90", "d90-2t", "D90", "CNY", 0, 100, 10, "direct", opensAt, closesAt, "admin:a"));

    [Fact]
    public void opening_a_round_records_who_opened_it_and_opens_it()
    {
        var events = PricingRound.Open(Item(), "host:h");

        Assert.Equal([new PricingRoundOpened("d90", "d90-2t", "host:h")], events);
        Assert.True(PricingItem.Fold([new PricingItemDefined("d90", "d90-2t", "D90", "CNY", 0, 100, 10, "direct", null, null, "a"), .. events])!.IsOpen(Now));
    }

    [Fact]
    public void opening_an_open_round_or_closing_a_closed_one_changes_nothing()
    {
        var opened = Item().Apply(new PricingRoundOpened("d90", "d90-2t", "h"));
        var closed = opened.Apply(new PricingRoundClosed("d90", "d90-2t", "h"));

        Assert.Empty(PricingRound.Open(opened, "host:h"));
        Assert.Empty(PricingRound.Close(closed, "host:h"));
    }

    [Fact]
    public void a_round_closed_by_a_host_stays_closed_inside_its_window_until_reopened()
    {
        var closed = Item(opensAt: Now.AddHours(-1)).Apply(new PricingRoundClosed("d90", "d90-2t", "h"));

        Assert.False(closed.IsOpen(Now));
        Assert.True(closed.Apply(Assert.IsType<PricingRoundOpened>(Assert.Single(PricingRound.Open(closed, "h")))).IsOpen(Now));
    }

    [Fact]
    public void a_round_without_a_host_is_open_only_inside_its_window()
    {
        var item = Item(opensAt: Now, closesAt: Now.AddHours(1));

        Assert.False(item.IsOpen(Now.AddTicks(-1)));
        Assert.True(item.IsOpen(Now));
        Assert.False(item.IsOpen(Now.AddHours(1)));
        Assert.False(Item().IsOpen(Now));
    }
}
