using System.Text;
using CoCreation.Pricing;

namespace CoCreation;

/// <summary>How a person optionally describes themselves for the statistics' cuts (prices and ballots alike).</summary>
public static class Segment
{
    public const int MaxRegionLength = 64;

    /// <summary>Adds what is wrong with the region and age band under <c>segment.region</c> and <c>segment.ageBand</c>.</summary>
    public static void Validate(string? region, string? ageBand, IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (region is not null && !string.IsNullOrWhiteSpace(region))
        {
            var trimmed = region.Trim();
            if (trimmed.Length > MaxRegionLength)
            {
                errors["segment.region"] = [$"The region must be at most {MaxRegionLength} characters."];
            }
            else if (!trimmed.EnumerateRunes().All(r => Rune.IsLetter(r) || Rune.IsNumber(r) || r.Value is ' ' or '-'))
            {
                errors["segment.region"] = ["The region may hold only letters, digits, spaces and hyphens."];
            }
        }
        if (ageBand is not null && !AgeBands.IsKnown(ageBand))
        {
            errors["segment.ageBand"] = [$"The age band must be one of {string.Join(", ", AgeBands.All)}."];
        }
    }

    /// <summary>The region as stored: trimmed, a blank one dropped.</summary>
    public static string? NormalizeRegion(string? region) => string.IsNullOrWhiteSpace(region) ? null : region.Trim();
}
