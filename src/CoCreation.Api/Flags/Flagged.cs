using CoCreation.Flags;

namespace CoCreation.Api.Flags;

/// <summary>An exported answer's abuse signals and the flags they earn (none when the export did not compute them).</summary>
/// <param name="Replacements">How many earlier answers of the person to the same item or question this one replaced.</param>
internal readonly record struct Flagged(int? DwellMs, string? Network, long Replacements, AnswerFlags Flags)
{
    public static Flagged Of(FlagThresholds thresholds, bool withFlags, int? dwellMs, string? network, long replacements, bool inBurst) =>
        new(dwellMs, network, replacements, withFlags ? AnswerFlagging.Of(thresholds, dwellMs, replacements, inBurst) : AnswerFlags.None);
}
