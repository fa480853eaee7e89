using CoCreation.Pricing;

namespace CoCreation.Domain.Tests.Pricing;

public sealed class SubmitPriceTests
{
    private static readonly PricingItem Direct =
        PricingItem.Create(new PricingItemDefined("d90", "d90-2t", "D90", "CNY", 100_000, 200_000, 1_000, "direct", null, null, "a"));

    private static readonly PricingItem Psm = Direct with { Mode = PricingModes.Psm };

    private static readonly PriceAnswer GoodPsm = new(TooCheap: 120_000, Cheap: 140_000, Expensive: 170_000, TooExpensive: 190_000);

    [Theory]
    [InlineData(100_000L)]
    [InlineData(150_000L)]
    [InlineData(200_000L)]
    public void a_price_on_the_grid_is_valid(long price) => Assert.Empty(SubmitPrice.Validate(Direct, new PriceAnswer(price)));

    [Theory]
    [InlineData(null)]
    [InlineData(99_000L)]
    [InlineData(201_000L)]
    [InlineData(150_500L)]
    [InlineData(-1L)]
    public void a_missing_out_of_range_or_off_step_price_is_refused(long? price) =>
        Assert.Equal(["price"], SubmitPrice.Validate(Direct, new PriceAnswer(price)).Keys);

    [Fact]
    public void psm_fields_on_a_direct_item_are_refused() =>
        Assert.Equal(["cheap", "likelihoodAtCheap"],
            SubmitPrice.Validate(Direct, new PriceAnswer(150_000, Cheap: 140_000, LikelihoodAtCheap: 3)).Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void four_increasing_prices_on_the_grid_are_a_valid_psm_answer()
    {
        Assert.Empty(SubmitPrice.Validate(Psm, GoodPsm));
        Assert.Empty(SubmitPrice.Validate(Psm, GoodPsm with { LikelihoodAtCheap = 5, LikelihoodAtExpensive = 1 }));
    }

    [Theory]
    [InlineData(140_000L, 140_000L, 170_000L, 190_000L)]
    [InlineData(120_000L, 170_000L, 140_000L, 190_000L)]
    [InlineData(120_000L, 140_000L, 190_000L, 170_000L)]
    public void psm_prices_out_of_strict_order_are_refused(long tooCheap, long cheap, long expensive, long tooExpensive) =>
        Assert.Equal(["tooExpensive"], SubmitPrice.Validate(Psm, new PriceAnswer(null, tooCheap, cheap, expensive, tooExpensive)).Keys);

    [Fact]
    public void each_psm_price_must_be_on_the_grid_and_present()
    {
        var errors = SubmitPrice.Validate(Psm, GoodPsm with { Cheap = 140_001, TooExpensive = null });

        Assert.Equal(["cheap", "tooExpensive"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void a_direct_price_on_a_psm_item_is_refused() =>
        Assert.Equal(["price"], SubmitPrice.Validate(Psm, GoodPsm with { Price = 150_000 }).Keys);

    [Theory]
    [InlineData(0, 3, "likelihoodAtCheap")]
    [InlineData(3, 6, "likelihoodAtExpensive")]
    [InlineData(3, null, "likelihoodAtExpensive")]
    [InlineData(null, 3, "likelihoodAtCheap")]
    public void likelihoods_are_1_to_5_and_come_in_pairs(int? atCheap, int? atExpensive, string field) =>
        Assert.Equal([field], SubmitPrice.Validate(Psm, GoodPsm with { LikelihoodAtCheap = atCheap, LikelihoodAtExpensive = atExpensive }).Keys);

    [Theory]
    [InlineData("Shanghai")]
    [InlineData("上海")]
    [InlineData("Inner Mongolia-West 2")]
    [InlineData("  ")]
    public void regions_of_letters_digits_spaces_and_hyphens_are_valid(string region) =>
        Assert.Empty(SubmitPrice.Validate(Direct, new PriceAnswer(150_000, Region: region)));

    [Theory]
    [InlineData("Shanghai!")]
    [InlineData("<script>")]
    [InlineData("a_b")]
    public void other_characters_in_a_region_are_refused(string region) =>
        Assert.Equal(["segment.region"], SubmitPrice.Validate(Direct, new PriceAnswer(150_000, Region: region)).Keys);

    [Fact]
    public void a_region_is_at_most_64_characters()
    {
        Assert.Empty(SubmitPrice.Validate(Direct, new PriceAnswer(150_000, Region: new string('a', 64))));
        Assert.Equal(["segment.region"], SubmitPrice.Validate(Direct, new PriceAnswer(150_000, Region: new string('a', 65))).Keys);
    }

    [Theory]
    [InlineData("18-24", true)]
    [InlineData("65+", true)]
    [InlineData("65-74", false)]
    [InlineData("", false)]
    public void age_bands_come_from_the_list(string band, bool valid) =>
        Assert.Equal(valid, SubmitPrice.Validate(Direct, new PriceAnswer(150_000, AgeBand: band)).Count == 0);

    [Fact]
    public void normalizing_trims_the_region_and_drops_a_blank_one()
    {
        Assert.Equal("Shanghai", SubmitPrice.Normalize(new PriceAnswer(1, Region: " Shanghai ")).Region);
        Assert.Null(SubmitPrice.Normalize(new PriceAnswer(1, Region: " ")).Region);
    }

    [Fact]
    public void the_event_carries_the_participant_and_channel_never_more()
    {
        var participant = Guid.CreateVersion7();

        var e = SubmitPrice.Record(Psm, participant, "wechat", GoodPsm with { LikelihoodAtCheap = 4, LikelihoodAtExpensive = 2, Region = "Beijing", AgeBand = "25-34" });

        Assert.Equal(new PriceSubmitted("d90", "d90-2t", participant, "wechat", null, 120_000, 140_000, 170_000, 190_000, 4, 2, "Beijing", "25-34"), e);
    }
}
