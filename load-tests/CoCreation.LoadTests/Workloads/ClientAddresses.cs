using System.Globalization;

namespace CoCreation.LoadTests.Workloads;

/// <summary>
/// Where each simulated person's requests come from, sent as <c>X-Forwarded-For</c> (the API trusts loopback as its
/// load balancer), so a run from 127.0.0.1 meets the per-address limits as the livestream's audience would. Most of
/// China's mobile users share carrier-grade NAT addresses: 70% of the people sit behind pools of about 1,000 people
/// each, skewed so the largest holds ten times the smallest (about 250 to 2,500 people); the rest come from homes and
/// offices, about 4 people to an address. The full D90 crowd of 660,899 people so lands on about 50,000 addresses (463 of them carriers').
/// Deterministic: the same person has the same address in every run.
/// </summary>
internal sealed class ClientAddresses
{
    public const string Header = "X-Forwarded-For";

    private const double BehindCarrierNat = 0.7;
    private const int PeoplePerCarrierAddress = 1_000;
    private const int PeoplePerHomeAddress = 4;

    private readonly int _people;
    private readonly double[] _carrierShare;
    private readonly int _homes;

    public ClientAddresses(int people)
    {
        _people = people;
        var carriers = Math.Max(1, (int)Math.Round(people * BehindCarrierNat / PeoplePerCarrierAddress));
        _homes = Math.Max(1, (int)Math.Round(people * (1 - BehindCarrierNat) / PeoplePerHomeAddress));
        // Address k carries weight 1 + 9(1 − k/P)²: from 10 for the first down to about 1 for the last.
        var weights = Enumerable.Range(0, carriers).Select(k => 1 + 9 * Math.Pow(1 - (double)k / carriers, 2)).ToArray();
        var total = weights.Sum();
        _carrierShare = new double[carriers];
        var cumulative = 0.0;
        for (var k = 0; k < carriers; k++) _carrierShare[k] = cumulative += weights[k] / total;
    }

    public int Addresses => _carrierShare.Length + _homes;

    /// <summary>The public address <paramref name="person"/> (0 ≤ person &lt; people) connects from.</summary>
    public string For(int person)
    {
        var u = Uniform(person, 1);
        if (u < BehindCarrierNat)
        {
            var position = Array.BinarySearch(_carrierShare, Uniform(person, 2));
            var pool = position >= 0 ? position : Math.Min(~position, _carrierShare.Length - 1);
            // 223.104.0.0/14: a carrier's NAT range.
            return Format(0xDF68_0000u + (uint)pool);
        }
        // 116.224.0.0/12: fixed-line subscribers.
        return Format(0x74E0_0000u + (uint)(Uniform(person, 3) * _homes));
    }

    /// <summary>A number in [0, 1) that depends only on the person and the purpose (a SplitMix64 step).</summary>
    private double Uniform(int person, int purpose)
    {
        var z = (ulong)(person + (long)_people * purpose) + 0x9E37_79B9_7F4A_7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }

    private static string Format(uint address) => string.Create(CultureInfo.InvariantCulture,
        $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}");
}
