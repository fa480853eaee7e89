using CoCreation.Pricing;

namespace CoCreation.Domain.Tests.Pricing;

public sealed class DefinePricingItemTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static DefinePricingItem Command(
        string name = "D90 2.0T", long min = 100_000, long max = 300_000, long step = 1_000, string mode = PricingModes.Direct,
        DateTimeOffset? opensAt = null, DateTimeOffset? closesAt = null) =>
        new("d90", "d90-2t", name, "CNY", min, max, step, mode, opensAt, closesAt, "admin:abc");

    private static Dictionary<string, string[]> Validate(
        string campaignId = "d90", string itemId = "d90-2t", string? name = "D90", string? currency = "CNY",
        long? min = 100_000, long? max = 300_000, long? step = 1_000, string? mode = "direct",
        DateTimeOffset? opensAt = null, DateTimeOffset? closesAt = null) =>
        DefinePricingItem.Validate(campaignId, itemId, name, currency, min, max, step, mode, opensAt, closesAt);

    [Fact]
    public void a_sound_item_is_valid() => Assert.Empty(Validate(opensAt: Now, closesAt: Now.AddHours(1)));

    [Theory]
    [InlineData("Bad", "d90-2t", "campaignId")]
    [InlineData("d90", "-x", "itemId")]
    public void ids_must_be_slugs(string campaignId, string itemId, string field) =>
        Assert.Contains(field, Validate(campaignId, itemId).Keys);

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    [InlineData("tab\there")]
    public void a_name_is_required_and_printable(string? name) => Assert.Contains("name", Validate(name: name).Keys);

    [Fact]
    public void a_name_is_at_most_200_characters()
    {
        Assert.Empty(Validate(name: new string('n', 200)));
        Assert.Contains("name", Validate(name: new string('n', 201)).Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("cny")]
    [InlineData("CN")]
    [InlineData("CNYY")]
    [InlineData("C1Y")]
    public void the_currency_is_three_upper_case_letters(string? currency) => Assert.Contains("currency", Validate(currency: currency).Keys);

    [Theory]
    [InlineData(null, 10L, 1L, "min")]
    [InlineData(-1L, 10L, 1L, "min")]
    [InlineData(10L, 10L, 1L, "max")]
    [InlineData(10L, 5L, 1L, "max")]
    [InlineData(0L, null, 1L, "max")]
    [InlineData(0L, 10L, 0L, "step")]
    [InlineData(0L, 10L, null, "step")]
    [InlineData(0L, 10L, 3L, "step")]
    [InlineData(0L, 1_000_000L, 1L, "step")]
    public void the_grid_must_be_whole(long? min, long? max, long? step, string field) =>
        Assert.Contains(field, Validate(min: min, max: max, step: step).Keys);

    [Fact]
    public void a_grid_of_exactly_the_most_points_is_allowed() => Assert.Empty(Validate(min: 0, max: 999_999, step: 1));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Direct")]
    [InlineData("gabor-granger")]
    public void the_mode_is_direct_or_psm(string? mode) => Assert.Contains("mode", Validate(mode: mode).Keys);

    [Fact]
    public void the_window_must_close_after_it_opens()
    {
        Assert.Contains("closesAt", Validate(opensAt: Now, closesAt: Now).Keys);
        Assert.Empty(Validate(closesAt: Now));
    }

    [Fact]
    public void an_unknown_item_is_defined()
    {
        var decision = DefinePricingItem.Decide(null, Command(), Now);

        Assert.Equal([new PricingItemDefined("d90", "d90-2t", "D90 2.0T", "CNY", 100_000, 300_000, 1_000, "direct", null, null, "admin:abc")], decision.Events);
    }

    [Fact]
    public void an_unchanged_item_decides_nothing()
    {
        var state = PricingItem.Fold(DefinePricingItem.Decide(null, Command(opensAt: Now.AddDays(-1)), Now).Events);

        var decision = DefinePricingItem.Decide(state, Command(opensAt: Now.AddDays(-1)), Now);

        Assert.Empty(decision.Events);
        Assert.False(decision.IsRefused);
    }

    [Fact]
    public void the_grid_may_change_before_the_round_ever_started()
    {
        var state = PricingItem.Fold(DefinePricingItem.Decide(null, Command(opensAt: Now.AddHours(1)), Now).Events);

        var decision = DefinePricingItem.Decide(state, Command(step: 500, mode: PricingModes.Psm, opensAt: Now.AddHours(1)), Now);

        var updated = Assert.IsType<PricingItemUpdated>(Assert.Single(decision.Events));
        Assert.Equal((500L, "psm"), (updated.Step, updated.Mode));
    }

    [Fact]
    public void the_grid_may_not_change_once_a_host_opened_the_round_even_after_closing_it()
    {
        var state = PricingItem.Fold([
            .. DefinePricingItem.Decide(null, Command(), Now).Events,
            new PricingRoundOpened("d90", "d90-2t", "host:x"),
            new PricingRoundClosed("d90", "d90-2t", "host:x")]);

        var decision = DefinePricingItem.Decide(state, Command(max: 400_000), Now);

        Assert.True(decision.IsRefused);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void the_grid_may_not_change_once_the_opening_time_passed()
    {
        var state = PricingItem.Fold(DefinePricingItem.Decide(null, Command(opensAt: Now.AddMinutes(-1)), Now).Events);

        Assert.True(DefinePricingItem.Decide(state, Command(min: 0, opensAt: Now.AddMinutes(-1)), Now).IsRefused);
    }

    [Fact]
    public void name_and_window_stay_editable_after_the_round_started()
    {
        var state = PricingItem.Fold([
            .. DefinePricingItem.Decide(null, Command(), Now).Events,
            new PricingRoundOpened("d90", "d90-2t", "host:x")]);

        var decision = DefinePricingItem.Decide(state, Command(name: "Renamed", closesAt: Now.AddDays(1)), Now);

        var updated = Assert.IsType<PricingItemUpdated>(Assert.Single(decision.Events));
        Assert.Equal(("Renamed", Now.AddDays(1)), (updated.Name, updated.ClosesAt));
    }
}
