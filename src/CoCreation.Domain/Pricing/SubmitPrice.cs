using CoCreation.Flags;
using CoCreation.Pricing.Statistics;

namespace CoCreation.Pricing;

/// <summary>Checking a person's answer against the item it is for, and recording it.</summary>
public static class SubmitPrice
{
    /// <summary>
    /// Field → messages for everything wrong with <paramref name="answer"/> for <paramref name="item"/> (fields use
    /// the request's names, the segment's as <c>segment.region</c>); empty when it is valid.
    /// </summary>
    public static Dictionary<string, string[]> Validate(PricingItem item, PriceAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(answer);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var grid = item.Grid;
        if (item.Mode == PricingModes.Psm)
        {
            ValidatePsm(grid, answer, errors);
        }
        else
        {
            OnGrid("price", answer.Price, grid, errors);
            foreach (var (field, value) in PsmFields(answer).Concat(Likelihoods(answer)))
            {
                if (value is not null) errors[field] = [$"This item asks for a direct price; '{field}' belongs to Van Westendorp (psm) items."];
            }
        }
        Segment.Validate(answer.Region, answer.AgeBand, errors);
        return errors;
    }

    /// <summary>The answer as it is stored: the segment's region trimmed, a blank region dropped.</summary>
    public static PriceAnswer Normalize(PriceAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer with { Region = Segment.NormalizeRegion(answer.Region) };
    }

    /// <summary>
    /// The event recording a valid, normalized answer of <paramref name="participantId"/> through <paramref name="channel"/>,
    /// with the abuse signals observed as it arrived (none for the command-line import).
    /// </summary>
    public static PriceSubmitted Record(PricingItem item, Guid participantId, string channel, PriceAnswer answer, AnswerSignals? signals = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(answer);
        signals ??= AnswerSignals.None;
        return new PriceSubmitted(
            item.CampaignId, item.ItemId, participantId, channel,
            answer.Price, answer.TooCheap, answer.Cheap, answer.Expensive, answer.TooExpensive,
            answer.LikelihoodAtCheap, answer.LikelihoodAtExpensive, answer.Region, answer.AgeBand, signals.DwellMs, signals.Network);
    }

    private static void ValidatePsm(PriceGrid grid, PriceAnswer answer, Dictionary<string, string[]> errors)
    {
        if (answer.Price is not null)
        {
            errors["price"] = ["This item asks for Van Westendorp (psm) answers: tooCheap, cheap, expensive, tooExpensive; not a price."];
        }
        var prices = PsmFields(answer).ToList();
        foreach (var (field, value) in prices) OnGrid(field, value, grid, errors);
        if (prices.All(p => p.Value is not null && !errors.ContainsKey(p.Field))
            && !(answer.TooCheap < answer.Cheap && answer.Cheap < answer.Expensive && answer.Expensive < answer.TooExpensive))
        {
            errors["tooExpensive"] = ["The prices must be strictly increasing: tooCheap < cheap < expensive < tooExpensive."];
        }

        Likelihood("likelihoodAtCheap", answer.LikelihoodAtCheap, errors);
        Likelihood("likelihoodAtExpensive", answer.LikelihoodAtExpensive, errors);
        if ((answer.LikelihoodAtCheap is null) != (answer.LikelihoodAtExpensive is null))
        {
            var missing = answer.LikelihoodAtCheap is null ? "likelihoodAtCheap" : "likelihoodAtExpensive";
            errors[missing] = ["Give both likelihoods (at cheap and at expensive) or neither."];
        }
    }

    private static IEnumerable<(string Field, long? Value)> PsmFields(PriceAnswer answer)
    {
        yield return ("tooCheap", answer.TooCheap);
        yield return ("cheap", answer.Cheap);
        yield return ("expensive", answer.Expensive);
        yield return ("tooExpensive", answer.TooExpensive);
    }

    private static IEnumerable<(string Field, long? Value)> Likelihoods(PriceAnswer answer)
    {
        yield return ("likelihoodAtCheap", answer.LikelihoodAtCheap);
        yield return ("likelihoodAtExpensive", answer.LikelihoodAtExpensive);
    }

    private static void OnGrid(string field, long? price, PriceGrid grid, Dictionary<string, string[]> errors)
    {
        if (price is not { } value)
        {
            errors[field] = [$"{field} is required."];
        }
        else if (value < grid.Min || value > grid.Max)
        {
            errors[field] = [$"{field} must be between {grid.Min} and {grid.Max}."];
        }
        else if (!grid.Contains(value))
        {
            errors[field] = [$"{field} must be {grid.Min} plus a multiple of {grid.Step}."];
        }
    }

    private static void Likelihood(string field, int? value, Dictionary<string, string[]> errors)
    {
        if (value is < 1 or > 5) errors[field] = [$"{field} must be 1 to 5."];
    }
}
