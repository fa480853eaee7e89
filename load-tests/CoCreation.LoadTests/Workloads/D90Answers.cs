using CoCreation.OneId;
using CoCreation.Pricing;

namespace CoCreation.LoadTests.Workloads;

/// <summary>One generated price answer: who (a person number), through which channel, which segment, which price.</summary>
internal readonly record struct GeneratedAnswer(int Person, string Channel, string? Region, string? AgeBand, long Price, Guid Key);

/// <summary>
/// D90-shaped answers, deterministic for a seed: every person answers once, then the rest of the submissions are
/// revisions by people drawn at random (1,727,556 submissions from 660,899 people at full scale). Prices centre on the
/// list price with a realistic spread and cluster at round numbers (people type 160,000 rather than 158,700); each
/// person keeps their channel and segment across revisions, as one OneID would.
/// </summary>
internal sealed class D90Answers(int people, int submissions, int seed = 90)
{
    public const int FullPeople = 660_899;
    public const int FullSubmissions = 1_727_556;

    public const long ListPrice = 159_900;
    public const long Min = 100_000;
    public const long Max = 400_000;
    public const long Step = 100;

    private static readonly (string Channel, double Share)[] ChannelShares =
        [("app", 0.40), ("wechat", 0.30), ("livestream", 0.20), ("dealer", 0.07), ("web", 0.03)];

    private static readonly string[] Regions =
    [
        "shanghai", "beijing", "guangdong", "jiangsu", "zhejiang", "shandong", "sichuan", "hubei", "henan", "fujian",
        "hunan", "anhui", "hebei", "liaoning", "shaanxi", "chongqing", "tianjin", "yunnan", "guangxi", "jiangxi",
    ];

    public int People { get; } = people;

    public int Submissions { get; } = submissions;

    /// <summary>A run scaled from D90's numbers (at least 1,000 people).</summary>
    public static D90Answers Scaled(double scale) =>
        new(Math.Max(1_000, (int)(FullPeople * scale)), Math.Max(2_600, (int)(FullSubmissions * scale)));

    public static string OneIdOf(int person) => $"d90-person-{person:D7}";

    public IEnumerable<GeneratedAnswer> Generate()
    {
        var random = new Random(seed);
        for (var i = 0; i < Submissions; i++)
        {
            var person = i < People ? i : random.Next(People);
            yield return new GeneratedAnswer(person, ChannelOf(person), RegionOf(person), AgeBandOf(person), Price(random), Keys.For(0x4439_3041_4e53_0000L + seed, i));
        }
    }

    /// <summary>Normal around the list price (sd 9%), rounded the way people type prices, kept on the grid.</summary>
    private static long Price(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        var price = ListPrice * (1 + 0.09 * normal);
        var rounding = random.NextDouble() switch { < 0.35 => 10_000, < 0.75 => 1_000, _ => Step };
        return Math.Clamp((long)(Math.Round(price / rounding) * rounding), Min, Max);
    }

    private static string ChannelOf(int person)
    {
        var u = Hash(person, 1) / (double)uint.MaxValue;
        foreach (var (channel, share) in ChannelShares)
        {
            if (u < share) return channel;
            u -= share;
        }
        return Channels.All[0];
    }

    private static string? RegionOf(int person) => Hash(person, 2) % 10 < 3 ? null : Regions[Hash(person, 3) % (uint)Regions.Length];

    private static string? AgeBandOf(int person) => Hash(person, 4) % 10 < 4 ? null : AgeBands.All[(int)(Hash(person, 5) % (uint)AgeBands.All.Count)];


    /// <summary>A fixed per-person hash (stable across runs, unlike string.GetHashCode).</summary>
    private static uint Hash(int person, uint salt)
    {
        var x = (uint)person * 0x9E3779B1u ^ salt * 0x85EBCA6Bu;
        x ^= x >> 16;
        x *= 0x7FEB352Du;
        x ^= x >> 15;
        x *= 0x846CA68Bu;
        x ^= x >> 16;
        return x;
    }
}
