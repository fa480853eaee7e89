using MathNet.Numerics.Distributions;

namespace CoCreation.Voting;

/// <summary>Confidence intervals of shares.</summary>
public static class Wilson
{
    /// <summary>The two-sided 95% normal quantile, z = Φ⁻¹(0.975) ≈ 1.959963984540054.</summary>
    public static readonly double Z95 = Normal.InvCDF(0, 1, 0.975);

    /// <summary>
    /// The Wilson score interval of <paramref name="successes"/> out of <paramref name="n"/> at 95%:
    /// (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n). With n = 0 nothing is known: [0, 1].
    /// </summary>
    public static (double Low, double High) Interval(long successes, long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, n);
        if (n == 0) return (0, 1);
        var z2 = Z95 * Z95;
        var p = (double)successes / n;
        var centre = p + z2 / (2.0 * n);
        var margin = Z95 * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        var denominator = 1 + z2 / n;
        return (Math.Max(0, (centre - margin) / denominator), Math.Min(1, (centre + margin) / denominator));
    }
}
