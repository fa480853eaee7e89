namespace CoCreation.Pricing;

/// <summary>
/// A person's answer as sent, before it is checked against the item: a direct price, or the four
/// Van Westendorp prices with optional likelihoods; plus the optional segment they describe themselves by.
/// </summary>
public sealed record PriceAnswer(
    long? Price = null,
    long? TooCheap = null, long? Cheap = null, long? Expensive = null, long? TooExpensive = null,
    int? LikelihoodAtCheap = null, int? LikelihoodAtExpensive = null,
    string? Region = null, string? AgeBand = null);

/// <summary>The age bands a person may give; anything else is refused.</summary>
public static class AgeBands
{
    public static IReadOnlyList<string> All { get; } = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"];

    public static bool IsKnown(string? band) => band is not null && All.Contains(band, StringComparer.Ordinal);
}
