using CoCreation.Pricing.Statistics;

namespace CoCreation.Domain.Tests.Pricing;

/// <summary>Van Westendorp figures computed the slow, obvious way, for tests to check the fast code against.</summary>
internal static class PsmByHand
{
    /// <summary>One person's Newton–Miller–Smith purchase probability at p, by direct linear interpolation between their answers.</summary>
    public static double Probability(PsmAnswer a, long p)
    {
        double lc = PsmAnswer.Calibrate(a.LikelihoodAtCheap!.Value), le = PsmAnswer.Calibrate(a.LikelihoodAtExpensive!.Value);
        if (p <= a.TooCheap || p >= a.TooExpensive) return 0;
        if (p <= a.Cheap) return lc * (p - a.TooCheap) / (a.Cheap - a.TooCheap);
        if (p <= a.Expensive) return lc + (le - lc) * (p - a.Cheap) / (a.Expensive - a.Cheap);
        return le * (a.TooExpensive - p) / (a.TooExpensive - a.Expensive);
    }
}
