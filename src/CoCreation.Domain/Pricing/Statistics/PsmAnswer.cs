namespace CoCreation.Pricing.Statistics;

/// <summary>
/// One person's Van Westendorp answers: the price they find too cheap, cheap (a bargain), expensive
/// and too expensive, strictly increasing, with optional purchase likelihoods (1–5) at the cheap and
/// expensive prices for the Newton–Miller–Smith extension.
/// </summary>
public sealed record PsmAnswer(long TooCheap, long Cheap, long Expensive, long TooExpensive, int? LikelihoodAtCheap = null, int? LikelihoodAtExpensive = null)
{
    public bool IsOrdered => TooCheap < Cheap && Cheap < Expensive && Expensive < TooExpensive;

    public bool HasLikelihoods => LikelihoodAtCheap is not null && LikelihoodAtExpensive is not null;

    /// <summary>The NMS calibration of a 5-point purchase likelihood: 5..1 → 0.7, 0.5, 0.3, 0.1, 0.</summary>
    public static double Calibrate(int likelihood) => likelihood switch
    {
        5 => 0.7,
        4 => 0.5,
        3 => 0.3,
        2 => 0.1,
        1 => 0.0,
        _ => throw new ArgumentOutOfRangeException(nameof(likelihood), "likelihoods are 1..5"),
    };
}
