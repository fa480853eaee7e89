using CoCreation.Flags;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Flags;

/// <summary>The <c>Flags</c> configuration section: the thresholds of the abuse flags in exports.</summary>
public sealed class FlagOptions
{
    public const string Section = "Flags";

    /// <summary>A direct price sent sooner than this after the form was shown is <c>fast</c>: reading the item and moving a slider takes longer.</summary>
    public int FastDirectMs { get; set; } = 1_500;

    /// <summary>Four ordered prices cannot be typed in less.</summary>
    public int FastPsmMs { get; set; } = 4_000;

    /// <summary>A question read and answered.</summary>
    public int FastBallotMs { get; set; } = 1_000;

    /// <summary>This many identical answers from one network within <see cref="BurstWindowSeconds"/> make a <c>burst</c>.</summary>
    public int BurstAnswers { get; set; } = 20;

    public int BurstWindowSeconds { get; set; } = 60;

    /// <summary>A person who replaced their answer to one item or question this many times is <c>replaced</c>.</summary>
    public int ReplacedAnswers { get; set; } = 5;

    public FlagThresholds ForPrices(string mode) =>
        new(mode == CoCreation.Pricing.PricingModes.Psm ? FastPsmMs : FastDirectMs, BurstAnswers, TimeSpan.FromSeconds(BurstWindowSeconds), ReplacedAnswers);

    public FlagThresholds ForBallots() => new(FastBallotMs, BurstAnswers, TimeSpan.FromSeconds(BurstWindowSeconds), ReplacedAnswers);
}

/// <summary>Fails start-up on a threshold that would flag everything or nothing by accident.</summary>
internal sealed class ValidateFlagOptions : IValidateOptions<FlagOptions>
{
    public ValidateOptionsResult Validate(string? name, FlagOptions options)
    {
        var wrong = new List<string>();
        if (options.FastDirectMs is < 0 or > Dwell.MaxMs) wrong.Add($"Flags:FastDirectMs must be 0..{Dwell.MaxMs}.");
        if (options.FastPsmMs is < 0 or > Dwell.MaxMs) wrong.Add($"Flags:FastPsmMs must be 0..{Dwell.MaxMs}.");
        if (options.FastBallotMs is < 0 or > Dwell.MaxMs) wrong.Add($"Flags:FastBallotMs must be 0..{Dwell.MaxMs}.");
        if (options.BurstAnswers < 2) wrong.Add("Flags:BurstAnswers must be at least 2.");
        if (options.BurstWindowSeconds is < 1 or > 86_400) wrong.Add("Flags:BurstWindowSeconds must be 1..86400.");
        if (options.ReplacedAnswers < 1) wrong.Add("Flags:ReplacedAnswers must be at least 1.");
        return wrong.Count > 0 ? ValidateOptionsResult.Fail(wrong) : ValidateOptionsResult.Success;
    }
}
