using System.Xml.Linq;
using CoCreation.Api.Pricing.Statistics;
using CoCreation.Pricing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoCreation.Api.Tests.Pricing.Statistics;

/// <summary>The projection on its own, fed recorded events directly: no host, no database.</summary>
public sealed class PricingStatisticsTests
{
    private const string Campaign = "launch";
    private long _sequence;

    private static PricingStatistics NewProjection() => new(NullLogger<PricingStatistics>.Instance);

    private PriceScenario Apply(PricingStatistics projection, PriceScenario scenario)
    {
        projection.Apply(scenario.Recorded(ref _sequence));
        return scenario;
    }

    private void Apply(PricingStatistics projection, string itemId, object data) =>
        projection.Apply([PriceScenario.Record(++_sequence, $"s-{itemId}", data)]);

    private static PriceSubmitted Price(string itemId, Guid person, long price, string channel = "app", string? region = null) =>
        new(Campaign, itemId, person, channel, price, null, null, null, null, null, null, region, null);

    private static PriceStatsResponse Read(PricingStatistics projection, string itemId, string? channel = null, string? region = null, int bins = 20) =>
        projection.Read(Campaign, itemId, channel, region, bins) ?? throw new InvalidOperationException($"{itemId} is unknown");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void direct_stats_equal_a_recount_of_each_persons_last_answer_in_every_cut(int seed)
    {
        var projection = NewProjection();
        var scenario = Apply(projection, PriceScenario.Direct(Campaign, "direct", seed));

        StatsRecount.AssertDirect(Read(projection, "direct"), scenario);
        foreach (var channel in PriceScenario.ChannelsUsed)
        {
            StatsRecount.AssertDirect(Read(projection, "direct", channel), scenario, channel);
            foreach (var region in PriceScenario.RegionsUsed.OfType<string>())
            {
                StatsRecount.AssertDirect(Read(projection, "direct", channel, region, bins: 7), scenario, channel, region);
                StatsRecount.AssertDirect(Read(projection, "direct", null, region, bins: 200), scenario, null, region);
            }
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void psm_points_equal_a_brute_force_recount_and_the_scalars_describe_the_cheap_answers(int seed)
    {
        var projection = NewProjection();
        var scenario = Apply(projection, PriceScenario.Psm(Campaign, "psm", seed));

        foreach (var (channel, region) in new (string?, string?)[] { (null, null), ("wechat", null), ("app", "Beijing") })
        {
            var stats = Read(projection, "psm", channel, region);
            StatsRecount.AssertPsmScalars(stats, scenario, channel, region);
            var (opp, idp, pmc, pme) = StatsRecount.PsmPoints(scenario.Item, scenario.CurrentAnswers(channel, region));
            StatsRecount.Close(opp, stats.Psm!.Opp);
            StatsRecount.Close(idp, stats.Psm.Idp);
            StatsRecount.Close(pmc, stats.Psm.Pmc);
            StatsRecount.Close(pme, stats.Psm.Pme);
            Assert.NotNull(stats.Psm.Nms);
        }
    }

    [Fact]
    public void a_new_submission_removes_the_persons_previous_answer_from_every_cut_it_was_in()
    {
        var projection = NewProjection();
        var person = Guid.CreateVersion7();
        Apply(projection, "car", PriceScenario.Define(Campaign, "car", PricingModes.Direct));
        Apply(projection, "car", Price("car", person, 120_000, "app", "Shanghai"));
        Apply(projection, "car", Price("car", Guid.CreateVersion7(), 150_000, "app", "Shanghai"));
        Apply(projection, "car", Price("car", person, 130_000, "wechat", "Beijing"));

        var all = Read(projection, "car");
        Assert.Equal((2, 3), (all.Participants, all.Submissions));
        Assert.Equal((130_000L, 150_000L), (all.Min!.Value, all.Max!.Value));
        var app = Read(projection, "car", "app", "Shanghai");
        Assert.Equal((1, 2, 150_000L), (app.Participants, app.Submissions, app.Min!.Value));
        var wechat = Read(projection, "car", "wechat");
        Assert.Equal((1, 1, 130_000L), (wechat.Participants, wechat.Submissions, wechat.Min!.Value));
        Assert.Equal(0, Read(projection, "car", null, "Nowhere").Participants);
    }

    [Fact]
    public void a_submission_off_the_grid_or_of_the_wrong_shape_is_ignored_without_throwing()
    {
        var projection = NewProjection();
        var person = Guid.CreateVersion7();
        Apply(projection, "car", PriceScenario.Define(Campaign, "car", PricingModes.Direct));
        Apply(projection, "car", Price("car", person, 120_000));

        Apply(projection, "car", Price("car", person, 120_001));
        Apply(projection, "car", Price("car", person, 999_999_000));
        Apply(projection, "car", Price("car", person, 0) with { Price = null, TooCheap = 110_000, Cheap = 120_000, Expensive = 130_000, TooExpensive = 140_000 });
        Apply(projection, "other", Price("other", person, 120_000));

        var stats = Read(projection, "car");
        Assert.Equal((1, 1, 120_000L), (stats.Participants, stats.Submissions, stats.Min!.Value));
        Assert.Equal(_sequence - 1, stats.AsOf.Sequence);
        Assert.Null(projection.Read(Campaign, "other", null, null, 20));
    }

    [Fact]
    public void a_changed_grid_starts_the_counts_over_and_a_renamed_item_keeps_them()
    {
        var projection = NewProjection();
        var defined = PriceScenario.Define(Campaign, "car", PricingModes.Direct);
        Apply(projection, "car", defined);
        Apply(projection, "car", Price("car", Guid.CreateVersion7(), 120_000));

        Apply(projection, "car", new PricingItemUpdated(Campaign, "car", "Renamed", "CNY", defined.Min, defined.Max, defined.Step, defined.Mode, null, null, "admin:test"));
        Assert.Equal(1, Read(projection, "car").Participants);

        Apply(projection, "car", new PricingItemUpdated(Campaign, "car", "Regridded", "EUR", 10_000, 20_000, 100, PricingModes.Direct, null, null, "admin:test"));
        var stats = Read(projection, "car");
        Assert.Equal((0, 0, "EUR"), (stats.Participants, stats.Submissions, stats.Currency));
        Apply(projection, "car", Price("car", Guid.CreateVersion7(), 12_300));
        Assert.Equal(12_300, Read(projection, "car").Min);
    }

    [Fact]
    public void reads_are_computed_once_per_cut_and_bins_until_the_items_next_event()
    {
        var projection = NewProjection();
        Apply(projection, PriceScenario.Direct(Campaign, "car", seed: 6, submissions: 50));

        var first = Read(projection, "car", "app");
        Assert.Same(first, Read(projection, "car", "app"));
        Assert.NotSame(first, Read(projection, "car", "app", bins: 10));

        Apply(projection, "car", Price("car", Guid.CreateVersion7(), 150_000, "app"));
        var after = Read(projection, "car", "app");
        Assert.NotSame(first, after);
        Assert.Equal(first.Participants + 1, after.Participants);
        Assert.Equal(_sequence, after.AsOf.Sequence);
    }

    [Fact]
    public void a_restored_snapshot_serves_the_same_stats_and_keeps_replacing_answers_exactly()
    {
        var original = NewProjection();
        var direct = Apply(original, PriceScenario.Direct(Campaign, "direct", seed: 7));
        var psm = Apply(original, PriceScenario.Psm(Campaign, "psm", seed: 8));

        var restored = NewProjection();
        restored.Restore(original.CreateSnapshot());

        foreach (var (item, channel, region) in new (string, string?, string?)[] { ("direct", null, null), ("direct", "app", "Beijing"), ("psm", null, null), ("psm", "livestream", null) })
        {
            StatsRecount.AssertSame(Read(original, item, channel, region), Read(restored, item, channel, region));
        }

        // The person map came back too: replacing someone's answer removes the restored one.
        var someone = direct.Submissions[^1];
        var change = Price("direct", someone.ParticipantId, 199_500, "web");
        Apply(original, "direct", change);
        restored.Apply([PriceScenario.Record(_sequence, "s-direct", change)]);
        StatsRecount.AssertSame(Read(original, "direct"), Read(restored, "direct"));
        Assert.Equal(direct.CurrentAnswers().Count, Read(restored, "direct").Participants);
        Assert.Equal(199_500, Read(restored, "direct").Max);
        Assert.NotNull(psm);
    }

    [Fact]
    public void reset_forgets_every_item()
    {
        var projection = NewProjection();
        Apply(projection, PriceScenario.Direct(Campaign, "car", seed: 9, submissions: 10));
        projection.Reset();
        Assert.False(projection.Knows(Campaign, "car"));
        projection.Restore(NewProjection().CreateSnapshot());
        Assert.False(projection.Knows(Campaign, "car"));
    }

    [Fact]
    public void an_item_without_answers_reports_null_figures()
    {
        var projection = NewProjection();
        Apply(projection, "car", PriceScenario.Define(Campaign, "car", PricingModes.Psm));
        var stats = Read(projection, "car");
        Assert.Equal((0, 0), (stats.Participants, stats.Submissions));
        Assert.Null(stats.Mean);
        Assert.Null(stats.Quantiles);
        Assert.Null(stats.Histogram);
        Assert.Null(stats.Psm);
        Assert.Equal(_sequence, stats.AsOf.Sequence);
    }

    [Fact]
    public void the_chart_is_well_formed_xml_with_the_median_line_and_escaped_text()
    {
        var projection = NewProjection();
        var scenario = PriceScenario.Direct(Campaign, "car", seed: 10, submissions: 60);
        projection.Apply([PriceScenario.Record(++_sequence, "s", scenario.Item with { Currency = "<C&Y>\u0001\"" })]);
        projection.Apply(scenario.Submissions.Select(s => PriceScenario.Record(++_sequence, "s", s)).ToList());

        var svg = XDocument.Parse(PriceChart.Svg(Read(projection, "car")));
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Single(svg.Descendants(ns + "line"), l => (string?)l.Attribute("class") == "median");
        Assert.Single(svg.Descendants(ns + "line"), l => (string?)l.Attribute("class") == "trimmed-mean");
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "Price (<C&Y>\")");
        Assert.Equal(Read(projection, "car").Histogram!.Bins.Count, svg.Descendants(ns + "rect").Count(r => (string?)r.Attribute("class") == "bin"));
    }

    [Fact]
    public void the_psm_chart_marks_opp_and_idp_and_shades_the_acceptable_range()
    {
        var projection = NewProjection();
        Apply(projection, PriceScenario.Psm(Campaign, "psm", seed: 11));

        var svg = XDocument.Parse(PriceChart.Svg(Read(projection, "psm")));
        var classes = svg.Descendants().Select(e => (string?)e.Attribute("class")).ToList();
        Assert.Contains("opp", classes);
        Assert.Contains("idp", classes);
        Assert.Contains("acceptable-range", classes);
        Assert.Equal(4, classes.Count(c => c == "curve"));
    }
}
