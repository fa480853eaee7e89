using System.Diagnostics;
using CoCreation.Api.Pricing.Statistics;
using CoCreation.EventStore;
using CoCreation.LoadTests.Reporting;
using CoCreation.LoadTests.Workloads;
using CoCreation.Pricing;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace CoCreation.LoadTests.Scenarios;

/// <summary>Reading the live statistics of one item at a given size, and what the projection holds in memory there.</summary>
internal sealed record StatsAtSize(
    int People, int Submissions, double ApplyEventsPerSecond, double ProjectionMemoryMb,
    LatencySummary FreshReadMicroseconds, LatencySummary FreshCutReadMicroseconds, LatencySummary CachedReadMicroseconds);

/// <summary>
/// The pricing-stats live projection in this process, fed D90-shaped submissions as the daemon would feed them
/// (pages of 1,000 committed events). A "fresh" read follows a new submission, so it computes every figure from the
/// counts (the cache of the previous read is gone); a "cached" read repeats one with nothing new. The claim under
/// test: a read's cost depends on the item's grid, not on how many people answered.
/// </summary>
internal static class PricingStatsBenchmark
{
    public const string CampaignId = "d90";
    public const string ItemId = "d90-2.0t-4wd";
    private const int Page = 1_000;
    private const int Reads = 2_000;

    public static StatsAtSize Measure(D90Answers answers, ProgressTask task)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(task);
        var before = LiveBytes();
        var statistics = new PricingStatistics(NullLogger<PricingStatistics>.Instance);
        long sequence = 0;
        statistics.Apply([Recorded(++sequence, PricingItem.StreamId(CampaignId, ItemId), Definition())]);

        var stopwatch = Stopwatch.StartNew();
        var page = new List<RecordedEvent>(Page);
        var revisions = answers.Generate().GetEnumerator();
        var applied = 0;
        while (applied < answers.Submissions && revisions.MoveNext())
        {
            page.Add(Submission(++sequence, revisions.Current));
            applied++;
            if (page.Count < Page) continue;
            statistics.Apply(page);
            page.Clear();
            task.Value = applied;
        }
        if (page.Count > 0) statistics.Apply(page);
        stopwatch.Stop();
        task.Value = applied;
        var memoryMb = (LiveBytes() - before) / 1024.0 / 1024.0;

        // Revisions for the reads come from a second generator, so the timed loop allocates no more than a read does.
        var extra = new D90Answers(answers.People, Reads * 2, seed: 7).Generate().GetEnumerator();
        var fresh = new Latencies();
        var freshCut = new Latencies();
        var cached = new Latencies();
        for (var i = 0; i < Reads; i++)
        {
            extra.MoveNext();
            statistics.Apply([Submission(++sequence, extra.Current)]);
            fresh.Add(Time(() => statistics.Read(CampaignId, ItemId, null, null, 20)));
            cached.Add(Time(() => statistics.Read(CampaignId, ItemId, null, null, 20)));
            extra.MoveNext();
            statistics.Apply([Submission(++sequence, extra.Current)]);
            freshCut.Add(Time(() => statistics.Read(CampaignId, ItemId, "app", "shanghai", 20)));
        }
        GC.KeepAlive(statistics);
        return new StatsAtSize(answers.People, answers.Submissions, Math.Round(applied / stopwatch.Elapsed.TotalSeconds), Math.Round(memoryMb, 1),
            Micro(fresh.Summarize()), Micro(freshCut.Summarize()), Micro(cached.Summarize()));
    }

    public static PricingItemDefined Definition() =>
        new(CampaignId, ItemId, "D90 2.0T 4WD", "CNY", D90Answers.Min, D90Answers.Max, D90Answers.Step, PricingModes.Direct, null, null, "admin:bench");

    /// <summary>The participant id the benchmark gives a person (the directory would mint a random one).</summary>
    public static Guid ParticipantOf(int person) => new(person, 0x4439, 0x3030, 0, 0, 0, 0, 0, 0, 0, 0);

    private static RecordedEvent Submission(long sequence, GeneratedAnswer a) => Recorded(
        sequence, PricingItem.SubmissionStreamId(CampaignId, ItemId, ParticipantOf(a.Person)),
        new PriceSubmitted(CampaignId, ItemId, ParticipantOf(a.Person), a.Channel, a.Price, null, null, null, null, null, null, a.Region, a.AgeBand));

    private static RecordedEvent Recorded(long sequence, string stream, object data) =>
        new(sequence, Guid.Empty, stream, 1, "bench", data, DateTimeOffset.UnixEpoch.AddSeconds(sequence), EventMetadata.None);

    private static TimeSpan Time(Func<object?> read)
    {
        var started = Stopwatch.GetTimestamp();
        GC.KeepAlive(read());
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>The latencies were recorded as TimeSpans; the table shows microseconds.</summary>
    private static LatencySummary Micro(LatencySummary ms) =>
        new(Math.Round(ms.P50 * 1000, 1), Math.Round(ms.P95 * 1000, 1), Math.Round(ms.P99 * 1000, 1), Math.Round(ms.Max * 1000, 1), ms.Count);

    private static long LiveBytes()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
