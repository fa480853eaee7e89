using System.Globalization;
using System.Net;
using System.Text.Json;
using CoCreation.Api.Pricing.Statistics;
using CoCreation.Api.Tests.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoCreation.Api.Tests.Pricing.Exporting;

/// <summary>Histogram and PSM exports as of a position against a fresh replay of the log up to it.</summary>
public sealed class SummaryExportTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    /// <summary>A new projection fed with every event at or before <paramref name="asOf"/>, read through the store's feed.</summary>
    private async Task<PricingStatistics> ReplayAsync(long asOf)
    {
        var replay = new PricingStatistics(NullLogger<PricingStatistics>.Instance);
        var feed = app.Store.CreateFeed();
        while (feed.Position < asOf)
        {
            var page = await feed.ReadNextAsync(500);
            replay.Apply([.. page.Events.Where(e => e.Sequence <= asOf)]);
        }
        return replay;
    }

    private static void AssertSameJson<T>(T expected, JsonElement actual) =>
        Assert.True(JsonElement.DeepEquals(JsonSerializer.SerializeToElement(expected, JsonSerializerOptions.Web), actual),
            $"expected {JsonSerializer.Serialize(expected, JsonSerializerOptions.Web)}\nactual   {actual.GetRawText()}");

    [Fact]
    public async Task a_histogram_export_as_of_a_position_equals_the_stats_of_a_replay_up_to_it()
    {
        var campaign = ExportFixtures.NewCampaign();
        var url = await app.DefineItemAsync(campaign, "d90");
        var sent = await app.SubmitRandomAsync(url, people: 20, submissions: 60, seed: 11);
        await app.WaitForStatsAsync(sent[^1].Sequence);
        var midway = sent[35].Sequence;
        var replay = await ReplayAsync(midway);

        var json = await (await app.AsAdmin().ExportAsync(url, $"kind=histogram&format=json&asOf={midway}&bins=7")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        var csv = await app.AsAdmin().ExportAsync(url, $"kind=histogram&asOf={midway}&bins=7");

        var expected = replay.Read(campaign, "d90", null, null, 7)!;
        Assert.Equal(midway, json.GetProperty("asOf").GetProperty("sequence").GetInt64());
        AssertSameJson(expected, json.GetProperty("stats"));
        Assert.Equal($"attachment; filename=\"{campaign}-d90-histogram-asof-{midway}.csv\"", csv.Content.Headers.ContentDisposition?.ToString());
        var (header, rows) = ExportFixtures.ParseCsv(await csv.Content.ReadAsStringAsync());
        Assert.Equal(["from", "to", "count"], header);
        Assert.Equal(expected.Histogram!.Bins.Select(b => $"{b.From},{b.To},{b.Count}"), rows.Select(r => $"{r["from"]},{r["to"]},{r["count"]}"));
        Assert.Equal(sent.CurrentAsOf(midway).Count, rows.Sum(r => long.Parse(r["count"], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task psm_exports_as_of_a_position_equal_a_replay_up_to_it_with_intervals_around_the_points()
    {
        var campaign = ExportFixtures.NewCampaign();
        var url = await app.DefineItemAsync(campaign, "psm", PricingFixtures.PsmItem);
        var sent = await app.SubmitRandomAsync(url, people: 40, submissions: 90, seed: 12, psm: true);
        await app.WaitForStatsAsync(sent[^1].Sequence);
        var midway = sent[70].Sequence;
        var expected = (await ReplayAsync(midway)).Read(campaign, "psm", null, null, 20)!;

        var json = await (await app.AsAdmin().ExportAsync(url, $"kind=psm&format=json&asOf={midway}")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        var again = await app.AsAdmin().GetStringAsync($"{url}/export?kind=psm&format=json&asOf={midway}");
        var histogram = await (await app.AsAdmin().ExportAsync(url, $"kind=histogram&format=json&asOf={midway}")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);

        AssertSameJson(expected, histogram.GetProperty("stats"));
        Assert.Equal(json.GetRawText(), JsonDocument.Parse(again).RootElement.GetRawText());
        Assert.Equal(midway, json.GetProperty("asOf").GetProperty("sequence").GetInt64());
        Assert.Equal(expected.Participants, json.GetProperty("participants").GetInt64());
        Assert.Equal(200, json.GetProperty("bootstrap").GetProperty("replicates").GetInt32());
        var psm = expected.Psm!;
        foreach (var (name, value) in new[] { ("opp", psm.Opp), ("idp", psm.Idp), ("pmc", psm.Pmc), ("pme", psm.Pme) })
        {
            AssertPoint(json.GetProperty(name), value, name);
        }
        AssertPoint(json.GetProperty("narrow").GetProperty("pmc"), psm.Narrow.Pmc, "narrow.pmc");
        AssertPoint(json.GetProperty("narrow").GetProperty("pme"), psm.Narrow.Pme, "narrow.pme");
        var nms = json.GetProperty("nms");
        Assert.Equal(psm.Nms!.TrialOptimal, nms.GetProperty("trialOptimal").GetInt64());
        Assert.Equal(psm.Nms.RevenueOptimal, nms.GetProperty("revenueOptimal").GetInt64());
        Assert.Equal(psm.Nms.TrialAtOptimum, nms.GetProperty("trialAtOptimum").GetDouble(), 12);
        AssertInterval(nms.GetProperty("trialOptimalCi95"), "nms.trialOptimal");
        AssertInterval(nms.GetProperty("revenueOptimalCi95"), "nms.revenueOptimal");
        Assert.InRange(nms.GetProperty("replicates").GetInt32(), 150, 200);

        // The export's curves hold every grid point of the answered range; the stats' are thinned to 200 points.
        var curves = json.GetProperty("curves").EnumerateArray().ToDictionary(c => c.GetProperty("price").GetInt64());
        Assert.Equal(psm.Curves[0].Price, curves.Keys.Min());
        Assert.Equal(psm.Curves[^1].Price, curves.Keys.Max());
        Assert.Equal((curves.Keys.Max() - curves.Keys.Min()) / 1_000 + 1, curves.Count);
        foreach (var point in psm.Curves)
        {
            var c = curves[point.Price];
            Assert.Equal(point.TooCheap, c.GetProperty("tooCheap").GetDouble(), 12);
            Assert.Equal(point.Expensive, c.GetProperty("expensive").GetDouble(), 12);
            Assert.Equal(1 - point.Cheap, c.GetProperty("notCheap").GetDouble(), 12);
            Assert.Equal(1 - point.Expensive, c.GetProperty("notExpensive").GetDouble(), 12);
        }

        var (curveHeader, curveRows) = ExportFixtures.ParseCsv(await app.AsAdmin().GetStringAsync($"{url}/export?kind=psm&asOf={midway}"));
        Assert.Equal(["price", "too_cheap", "cheap", "expensive", "too_expensive", "not_cheap", "not_expensive"], curveHeader);
        Assert.Equal(curves.Count, curveRows.Count);
        foreach (var row in curveRows)
        {
            var c = curves[long.Parse(row["price"], CultureInfo.InvariantCulture)];
            Assert.Equal(c.GetProperty("cheap").GetDouble(), double.Parse(row["cheap"], CultureInfo.InvariantCulture));
            Assert.Equal(c.GetProperty("tooExpensive").GetDouble(), double.Parse(row["too_expensive"], CultureInfo.InvariantCulture));
        }

        var points = await app.AsAdmin().ExportAsync(url, $"kind=psm-points&asOf={midway}");
        Assert.Equal($"attachment; filename=\"{campaign}-psm-psm-points-asof-{midway}.csv\"", points.Content.Headers.ContentDisposition?.ToString());
        var (pointHeader, pointRows) = ExportFixtures.ParseCsv(await points.Content.ReadAsStringAsync());
        Assert.Equal(["point", "value", "ci95_low", "ci95_high"], pointHeader);
        Assert.Equal(["opp", "idp", "pmc", "pme", "narrow_pmc", "narrow_pme", "nms_trial_optimal", "nms_revenue_optimal"], pointRows.Select(r => r["point"]));
        var opp = pointRows[0];
        Assert.Equal(json.GetProperty("opp").GetProperty("value").GetDouble(), double.Parse(opp["value"], CultureInfo.InvariantCulture));
        Assert.Equal(json.GetProperty("opp").GetProperty("ci95")[0].GetDouble(), double.Parse(opp["ci95_low"], CultureInfo.InvariantCulture));
        Assert.Equal(json.GetProperty("opp").GetProperty("ci95")[1].GetDouble(), double.Parse(opp["ci95_high"], CultureInfo.InvariantCulture));
        Assert.Equal(psm.Nms.TrialOptimal.ToString(CultureInfo.InvariantCulture), pointRows[6]["value"]);
        Assert.Equal(psm.Nms.RevenueOptimal.ToString(CultureInfo.InvariantCulture), pointRows[7]["value"]);
        foreach (var (row, ci) in new[] { (pointRows[6], nms.GetProperty("trialOptimalCi95")), (pointRows[7], nms.GetProperty("revenueOptimalCi95")) })
        {
            Assert.Equal(ci[0].GetDouble(), double.Parse(row["ci95_low"], CultureInfo.InvariantCulture));
            Assert.Equal(ci[1].GetDouble(), double.Parse(row["ci95_high"], CultureInfo.InvariantCulture));
        }

        var pointsJson = await (await app.AsAdmin().ExportAsync(url, $"kind=psm-points&format=json&asOf={midway}")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.False(pointsJson.TryGetProperty("curves", out _));
        Assert.Equal(json.GetProperty("opp").GetRawText(), pointsJson.GetProperty("opp").GetRawText());
    }

    [Fact]
    public async Task the_bootstrap_option_sets_the_replicates_and_zero_leaves_the_intervals_out()
    {
        var campaign = ExportFixtures.NewCampaign();
        var url = await app.DefineItemAsync(campaign, "psm", PricingFixtures.PsmItem);
        var sent = await app.SubmitRandomAsync(url, people: 25, submissions: 25, seed: 13, psm: true);
        await app.WaitForStatsAsync(sent[^1].Sequence);

        var none = await (await app.AsAdmin().ExportAsync(url, "kind=psm-points&format=json&bootstrap=0")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        var few = await (await app.AsAdmin().ExportAsync(url, "kind=psm-points&format=json&bootstrap=30")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);

        Assert.Equal(JsonValueKind.Null, none.GetProperty("idp").GetProperty("ci95").ValueKind);
        Assert.Equal(JsonValueKind.Null, none.GetProperty("nms").GetProperty("trialOptimalCi95").ValueKind);
        Assert.Equal(0, none.GetProperty("nms").GetProperty("replicates").GetInt32());
        Assert.InRange(few.GetProperty("nms").GetProperty("replicates").GetInt32(), 1, 30);
        Assert.Equal(none.GetProperty("nms").GetProperty("revenueOptimal").GetInt64(), few.GetProperty("nms").GetProperty("revenueOptimal").GetInt64());
        Assert.Equal(0, none.GetProperty("bootstrap").GetProperty("replicates").GetInt32());
        Assert.Equal(30, few.GetProperty("bootstrap").GetProperty("replicates").GetInt32());
        Assert.InRange(few.GetProperty("idp").GetProperty("replicates").GetInt32(), 1, 30);
        Assert.Equal(none.GetProperty("idp").GetProperty("value").GetDouble(), few.GetProperty("idp").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task an_item_without_answers_exports_headers_and_empty_figures()
    {
        var campaign = ExportFixtures.NewCampaign();
        var url = await app.DefineItemAsync(campaign, "psm", PricingFixtures.PsmItem);
        await app.WaitForStatsAsync(await app.Store.ReadHeadSequenceAsync());

        Assert.Equal("participant,too_cheap,cheap,expensive,too_expensive,likelihood_at_cheap,likelihood_at_expensive,channel,region,age_band,submitted_at,sequence,dwell_ms,replaced_count,network,flags,guest\r\n",
            await app.AsAdmin().GetStringAsync($"{url}/export?kind=raw"));
        Assert.Equal("price,too_cheap,cheap,expensive,too_expensive,not_cheap,not_expensive\r\n", await app.AsAdmin().GetStringAsync($"{url}/export?kind=psm"));
        Assert.Equal("from,to,count\r\n", await app.AsAdmin().GetStringAsync($"{url}/export?kind=histogram"));
        var points = await (await app.AsAdmin().ExportAsync(url, "kind=psm&format=json")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal(0, points.GetProperty("participants").GetInt64());
        Assert.Equal(JsonValueKind.Null, points.GetProperty("opp").GetProperty("value").ValueKind);
        Assert.Empty(points.GetProperty("curves").EnumerateArray());
    }

    private static void AssertPoint(JsonElement exported, double? expected, string name)
    {
        Assert.NotNull(expected);
        var value = exported.GetProperty("value").GetDouble();
        Assert.Equal(expected.Value, value, 9);
        AssertInterval(exported.GetProperty("ci95"), name);
        Assert.InRange(exported.GetProperty("replicates").GetInt32(), 150, 200);
    }

    /// <summary>Containment and narrowing are the domain tests' business (PsmBootstrapTests); here the interval is well formed.</summary>
    private static void AssertInterval(JsonElement ci, string name)
    {
        Assert.Equal(2, ci.GetArrayLength());
        Assert.True(ci[0].GetDouble() <= ci[1].GetDouble(), $"{name}'s interval {ci.GetRawText()} is upside down");
        Assert.InRange(ci[0].GetDouble(), 100_000, 300_000);
        Assert.InRange(ci[1].GetDouble(), 100_000, 300_000);
    }
}
