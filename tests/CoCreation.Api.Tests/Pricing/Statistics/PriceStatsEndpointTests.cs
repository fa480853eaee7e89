using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using CoCreation.Api.Pricing.Statistics;
using CoCreation.Api.Tests.Hosting;
using CoCreation.EventStore.Projections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoCreation.Api.Tests.Pricing.Statistics;

/// <summary>The stats and chart endpoints on the real host, fed through the real log and daemon.</summary>
public sealed class PriceStatsEndpointTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static string NewCampaign() => $"c-{Guid.NewGuid():N}"[..20];

    private static async Task<long> AppendAndWaitAsync(CoCreationApp node, PriceScenario scenario)
    {
        var last = await scenario.AppendAsync(node.Store);
        await WaitAsync(node, last);
        return last;
    }

    private static async Task WaitAsync(CoCreationApp node, long sequence) =>
        Assert.True(await node.Services.GetRequiredService<ProjectionDaemon>().WaitForPositionAsync(PricingStatistics.ProjectionName, sequence, Wait),
            $"pricing-stats did not reach {sequence}");

    private static async Task<PriceStatsResponse> GetStatsAsync(CoCreationApp node, string url) =>
        await (await node.Anonymous().GetAsync(url)).AssertJsonAsync<PriceStatsResponse>(HttpStatusCode.OK);

    [Fact]
    public async Task stats_equal_an_independent_recount_of_each_persons_last_answer_for_every_cut()
    {
        var scenario = PriceScenario.Direct(NewCampaign(), "d90-2-0t", seed: 21, people: 150, submissions: 500);
        var last = await AppendAndWaitAsync(app, scenario);
        var root = $"/api/campaigns/{scenario.CampaignId}/pricing/{scenario.ItemId}/stats";

        var all = await GetStatsAsync(app, root);
        StatsRecount.AssertDirect(all, scenario);
        Assert.Equal(last, all.AsOf.Sequence);
        Assert.Equal("CNY", all.Currency);
        Assert.Equivalent(all, await GetStatsAsync(app, $"{root}?bins=20"), strict: true);
        Assert.InRange(all.Histogram!.Bins.Count, 15, 20);
        StatsRecount.AssertDirect(await GetStatsAsync(app, $"{root}?channel=wechat"), scenario, "wechat");
        StatsRecount.AssertDirect(await GetStatsAsync(app, $"{root}?region=Inner%20Mongolia&bins=5"), scenario, null, "Inner Mongolia");
        StatsRecount.AssertDirect(await GetStatsAsync(app, $"{root}?channel=app&region=Shanghai&bins=200"), scenario, "app", "Shanghai");
        StatsRecount.AssertDirect(await GetStatsAsync(app, $"{root}?channel=dealer"), scenario, "dealer");
    }

    [Fact]
    public async Task the_stats_body_has_the_contracts_fields_and_nulls_before_any_answer()
    {
        var scenario = PriceScenario.Direct(NewCampaign(), "empty", seed: 22, submissions: 0);
        await AppendAndWaitAsync(app, scenario);
        var url = $"/api/campaigns/{scenario.CampaignId}/pricing/{scenario.ItemId}/stats";

        var body = await (await app.Anonymous().GetAsync(url)).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);

        Assert.Equal(
            ["itemId", "asOf", "currency", "participants", "submissions", "mean", "standardDeviation", "min", "max", "mode", "quantiles",
             "trimmedMean20", "mad", "outliers", "meanCi95", "medianCi95", "histogram", "psm"],
            body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(scenario.ItemId, body.GetProperty("itemId").GetString());
        Assert.Equal(0, body.GetProperty("participants").GetInt64());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("mean").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("quantiles").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("histogram").ValueKind);
        Assert.True(body.GetProperty("asOf").GetProperty("sequence").GetInt64() > 0);
        body.GetProperty("asOf").GetProperty("timestamp").GetDateTimeOffset();
    }

    [Fact]
    public async Task a_psm_items_points_equal_a_brute_force_recount()
    {
        var scenario = PriceScenario.Psm(NewCampaign(), "psm", seed: 23, people: 100, submissions: 300);
        await AppendAndWaitAsync(app, scenario);

        var body = await (await app.Anonymous().GetAsync($"/api/campaigns/{scenario.CampaignId}/pricing/psm/stats"))
            .AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        var psm = body.GetProperty("psm");
        Assert.Equal(["opp", "idp", "pmc", "pme", "narrow", "curves", "nms"], psm.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["price", "tooCheap", "cheap", "expensive", "tooExpensive"], psm.GetProperty("curves")[0].EnumerateObject().Select(p => p.Name));

        var stats = body.Deserialize<PriceStatsResponse>(JsonSerializerOptions.Web)!;
        StatsRecount.AssertPsmScalars(stats, scenario);
        var (opp, idp, pmc, pme) = StatsRecount.PsmPoints(scenario.Item, scenario.CurrentAnswers());
        StatsRecount.Close(opp, stats.Psm!.Opp);
        StatsRecount.Close(idp, stats.Psm.Idp);
        StatsRecount.Close(pmc, stats.Psm.Pmc);
        StatsRecount.Close(pme, stats.Psm.Pme);
    }

    [Fact]
    public async Task a_snapshot_of_the_live_projection_restores_to_the_same_stats()
    {
        var scenario = PriceScenario.Direct(NewCampaign(), "snap", seed: 24, submissions: 200);
        await AppendAndWaitAsync(app, scenario);
        var live = app.Services.GetRequiredService<PricingStatistics>();

        var restored = new PricingStatistics(NullLogger<PricingStatistics>.Instance);
        restored.Restore(live.CreateSnapshot());

        foreach (var channel in new string?[] { null, "app", "livestream" })
        {
            StatsRecount.AssertSame(live.Read(scenario.CampaignId, "snap", channel, null, 20)!, restored.Read(scenario.CampaignId, "snap", channel, null, 20)!);
        }
    }

    [Fact]
    public async Task a_second_node_on_the_same_schema_serves_the_same_stats()
    {
        var scenario = PriceScenario.Direct(NewCampaign(), "two-nodes", seed: 25, submissions: 200);
        var last = await AppendAndWaitAsync(app, scenario);
        var second = CoCreationApp.On(app.Schema);
        try
        {
            await second.InitializeAsync();
            await WaitAsync(second, last);
            foreach (var query in new[] { "", "?channel=app", "?region=Beijing&bins=9" })
            {
                var url = $"/api/campaigns/{scenario.CampaignId}/pricing/{scenario.ItemId}/stats{query}";
                Assert.Equal(await app.Anonymous().GetStringAsync(url), await second.Anonymous().GetStringAsync(url));
            }
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task an_unknown_item_is_404_and_a_bad_query_is_400()
    {
        var scenario = PriceScenario.Direct(NewCampaign(), "known", seed: 26, submissions: 3);
        await AppendAndWaitAsync(app, scenario);
        var root = $"/api/campaigns/{scenario.CampaignId}/pricing";

        await (await app.Anonymous().GetAsync($"{root}/unknown/stats")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await app.Anonymous().GetAsync($"/api/campaigns/{NewCampaign()}/pricing/known/stats")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await app.Anonymous().GetAsync($"{root}/unknown/chart.svg")).AssertProblemAsync(HttpStatusCode.NotFound);
        foreach (var bins in new[] { "0", "201", "twenty", "-3" })
        {
            var problem = await (await app.Anonymous().GetAsync($"{root}/known/stats?bins={bins}")).AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("bins", out _), $"no bins error for {bins}");
        }
        var channel = await (await app.Anonymous().GetAsync($"{root}/known/stats?channel=carrier-pigeon")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(channel.GetProperty("errors").TryGetProperty("channel", out _));
        await (await app.Anonymous().GetAsync($"{root}/known/chart.svg?bins=0")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task the_chart_is_an_svg_with_the_median_line()
    {
        var scenario = PriceScenario.Direct(NewCampaign(), "chart", seed: 27, submissions: 100);
        await AppendAndWaitAsync(app, scenario);
        var root = $"/api/campaigns/{scenario.CampaignId}/pricing/chart";

        var response = await app.Anonymous().GetAsync($"{root}/chart.svg?channel=app");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync());
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", svg.Root!.Name);
        var median = Assert.Single(svg.Descendants(ns + "line"), l => (string?)l.Attribute("class") == "median");
        var stats = await GetStatsAsync(app, $"{root}/stats?channel=app");
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value.StartsWith("median ", StringComparison.Ordinal));
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == $"chart: {stats.Participants} participants");
        Assert.NotNull(median.Attribute("x1"));
    }
}
