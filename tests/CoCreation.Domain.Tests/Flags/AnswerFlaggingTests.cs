using System.Text.Json;
using CoCreation.Flags;
using CoCreation.Pricing;
using CoCreation.Voting;

namespace CoCreation.Domain.Tests.Flags;

public sealed class AnswerFlaggingTests
{
    private static readonly FlagThresholds Thresholds = new(FastMs: 1_500, BurstAnswers: 20, BurstWindow: TimeSpan.FromMinutes(1), ReplacedAnswers: 5);

    [Theory]
    [InlineData(0, 0, false, AnswerFlags.Fast)]
    [InlineData(1_499, 0, false, AnswerFlags.Fast)]
    [InlineData(1_500, 0, false, AnswerFlags.None)]
    [InlineData(null, 0, false, AnswerFlags.None)]
    [InlineData(null, 4, false, AnswerFlags.None)]
    [InlineData(null, 5, false, AnswerFlags.Replaced)]
    [InlineData(900, 6, true, AnswerFlags.Fast | AnswerFlags.Burst | AnswerFlags.Replaced)]
    [InlineData(5_000, 0, true, AnswerFlags.Burst)]
    public void an_answer_earns_each_flag_its_signals_cross(int? dwellMs, long replacements, bool inBurst, AnswerFlags expected) =>
        Assert.Equal(expected, AnswerFlagging.Of(Thresholds, dwellMs, replacements, inBurst));

    [Fact]
    public void flags_read_as_names_joined_by_semicolons_in_a_fixed_order()
    {
        Assert.Equal("", AnswerFlagging.Text(AnswerFlags.None));
        Assert.Equal("fast;burst", AnswerFlagging.Text(AnswerFlags.Burst | AnswerFlags.Fast));
        Assert.Equal("fast;burst;replaced", AnswerFlagging.Text(AnswerFlags.Replaced | AnswerFlags.Burst | AnswerFlags.Fast));
    }

    [Theory]
    [InlineData(null, AnswerFlags.None)]
    [InlineData("false", AnswerFlags.None)]
    [InlineData("true", AnswerFlags.Fast | AnswerFlags.Burst | AnswerFlags.Replaced)]
    [InlineData("burst", AnswerFlags.Burst)]
    [InlineData("fast,replaced", AnswerFlags.Fast | AnswerFlags.Replaced)]
    [InlineData("fast;burst", AnswerFlags.Fast | AnswerFlags.Burst)]
    public void an_exclusion_names_every_flag_none_or_some(string? text, AnswerFlags expected)
    {
        Assert.True(AnswerFlagging.TryParse(text, out var flags));
        Assert.Equal(expected, flags);
    }

    [Theory]
    [InlineData("slow")]
    [InlineData("fast,")]
    [InlineData("FAST")]
    public void an_exclusion_naming_no_flag_is_refused(string text) => Assert.False(AnswerFlagging.TryParse(text, out _));

    [Theory]
    [InlineData(-1L, true)]
    [InlineData(0L, false)]
    [InlineData(86_400_000L, false)]
    [InlineData(86_400_001L, true)]
    [InlineData(null, false)]
    public void a_dwell_is_optional_and_at_most_a_day(long? dwellMs, bool refused)
    {
        var errors = new Dictionary<string, string[]>();
        Dwell.Validate(dwellMs, errors);
        Assert.Equal(refused, errors.ContainsKey("dwellMs"));
    }

    [Fact]
    public void events_stored_before_the_signals_existed_read_with_none()
    {
        // Payloads exactly as the records serialised before dwellMs and network were added.
        var participant = Guid.NewGuid();
        var price = JsonSerializer.Deserialize<PriceSubmitted>($$"""
            {"campaignId":"d90","itemId":"d90-2t","participantId":"{{participant}}","channel":"app","price":150000,"tooCheap":null,"cheap":null,
             "expensive":null,"tooExpensive":null,"likelihoodAtCheap":null,"likelihoodAtExpensive":null,"region":"Beijing","ageBand":null}
            """, JsonSerializerOptions.Web);
        var ballot = JsonSerializer.Deserialize<BallotCast>($$"""
            {"campaignId":"d90","questionId":"seats","participantId":"{{participant}}","channel":"app","marks":[{"optionId":"five","value":1}],"region":null,"ageBand":"25-34"}
            """, JsonSerializerOptions.Web);

        Assert.Equal(new PriceSubmitted("d90", "d90-2t", participant, "app", 150_000, null, null, null, null, null, null, "Beijing", null), price);
        Assert.Equal((null, null), (ballot!.DwellMs, ballot.Network));
        Assert.Equal("five", Assert.Single(ballot.Marks).OptionId);
    }
}
