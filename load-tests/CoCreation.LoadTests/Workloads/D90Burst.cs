using CoCreation.OneId;

namespace CoCreation.LoadTests.Workloads;

/// <summary>One planned submission of the burst: who, to which configuration, through which channel, what, with which key.</summary>
/// <param name="Absurd">A value the API must refuse (off the grid or out of range): counted as an expected 400, never stored.</param>
/// <param name="DwellMs">How long the form was shown before the answer, as the participant page sends it.</param>
internal readonly record struct PlannedSubmission(int Person, int Item, int ChannelIndex, long Price, Guid Key, bool Absurd, int DwellMs);

/// <summary>
/// The D90 livestream burst as a plan: 1,727,556 submissions from 660,899 people over several priced configurations.
/// Everyone prices the main configuration once; the rest of the submissions are people pricing other configurations or
/// revising an answer. About one in ten people come back through a second channel (the OneID makes them one person);
/// about one in a thousand submissions is absurd (a price of 1 yuan, 99,999,999, or off the 100-yuan grid).
/// </summary>
internal sealed class D90Burst
{
    /// <summary>The configurations on sale, with their list prices (yuan).</summary>
    public static IReadOnlyList<(string Id, string Name, long ListPrice)> Items { get; } =
    [
        ("d90-2.0t-2wd", "D90 2.0T 2WD", 159_900),
        ("d90-2.0t-4wd", "D90 2.0T 4WD", 189_900),
        ("d90-2.0t-4wd-flagship", "D90 2.0T 4WD flagship", 229_900),
        ("d90-7-seat", "D90 7-seat", 199_900),
    ];

    private readonly PlannedSubmission[] _plan;

    public D90Burst(int people, int submissions, int seed = 90)
    {
        People = people;
        var random = new Random(seed);
        // Dwell times from a generator of their own, so the prices stay those of earlier runs with the same seed.
        var dwells = new Random(seed + 1);
        _plan = new PlannedSubmission[submissions];
        for (var i = 0; i < submissions; i++)
        {
            var person = i < people ? i : random.Next(people);
            var item = i < people ? 0 : random.Next(Items.Count);
            var channel = ChannelOf(person, random);
            var absurd = random.NextDouble() < 0.001;
            var price = absurd ? AbsurdPrice(random) : Price(random, Items[item].ListPrice);
            _plan[i] = new PlannedSubmission(person, item, channel, price, Keys.For(0x4439_3042_5552_0000L + seed, i), absurd, DwellMs(dwells));
        }
    }

    public const long Min = 50_000;
    public const long Max = 500_000;
    public const long Step = 100;

    public int People { get; }

    public IReadOnlyList<PlannedSubmission> Plan => _plan;

    public static D90Burst Scaled(double scale) =>
        new(Math.Max(500, (int)(D90Answers.FullPeople * scale)), Math.Max(1_300, (int)(D90Answers.FullSubmissions * scale)));

    /// <summary>The person's main channel, and for one person in ten another one some of the time.</summary>
    private static int ChannelOf(int person, Random random)
    {
        var main = (int)((uint)(person * 0x9E3779B1u) % (uint)Channels.All.Count);
        return person % 10 == 3 && random.NextDouble() < 0.5 ? (main + 1) % Channels.All.Count : main;
    }

    private static long Price(Random random, long listPrice)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        var rounding = random.NextDouble() switch { < 0.35 => 10_000, < 0.75 => 1_000, _ => Step };
        return Math.Clamp((long)(Math.Round(listPrice * (1 + 0.09 * normal) / rounding) * rounding), Min, Max);
    }

    /// <summary>
    /// Log-normal around 8 s (most people read the question, think, type); one answer in fifty is a quick tap under
    /// 1.4 s, which the API flags <c>fast</c> (a direct price under 1.5 s) without refusing it.
    /// </summary>
    internal static int DwellMs(Random random)
    {
        if (random.NextDouble() < 0.02) return 200 + random.Next(1_200);
        var normal = Math.Sqrt(-2 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return (int)Math.Clamp(8_000 * Math.Exp(0.7 * normal), 1_500, 600_000);
    }

    private static long AbsurdPrice(Random random) => random.Next(3) switch
    {
        0 => 1,
        1 => 99_999_999,
        _ => 150_050,
    };

}
