using System.Net;
using System.Text.Json;
using CoCreation.Api.Pricing.Statistics;
using CoCreation.Api.Tests.Hosting;
using CoCreation.EventStore.Projections;
using Microsoft.Extensions.DependencyInjection;

namespace CoCreation.Api.Tests.Pricing;

/// <summary>The whole path: participants' HTTP submissions to the public live statistics.</summary>
public sealed class SubmitToStatisticsTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    [Fact]
    public async Task each_persons_current_answer_counts_once_whatever_channel_retry_or_replacement()
    {
        var url = await app.DefineItemAsync("e2e", "d90");
        var alice = "oneid-alice";
        var retryKey = Guid.NewGuid().ToString();

        // Alice answers on the app, retries the same request, then changes her mind through the livestream.
        (await app.AsParticipant(alice, "app").SubmitAsync(url, """{"price": 150000}""", retryKey)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await app.AsParticipant(alice, "app").SubmitAsync(url, """{"price": 150000}""", retryKey)).StatusCode);
        (await app.AsParticipant(alice, "livestream").SubmitAsync(url, """{"price": 170000, "segment": {"region": "Shanghai"}}""")).EnsureSuccessStatusCode();
        // Bob and Carol answer once each; a bad answer from Dave is refused and never counted.
        (await app.AsParticipant("oneid-bob", "wechat").SubmitAsync(url, """{"price": 160000}""")).EnsureSuccessStatusCode();
        var last = await (await app.AsParticipant("oneid-carol", "app").SubmitAsync(url, """{"price": 190000, "segment": {"region": "Shanghai"}}"""))
            .AssertJsonAsync<JsonElement>(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.AsParticipant("oneid-dave", "app").SubmitAsync(url, """{"price": 150500}""")).StatusCode);

        var daemon = app.Services.GetRequiredService<ProjectionDaemon>();
        Assert.True(await daemon.WaitForPositionAsync(PricingStatistics.ProjectionName, last.GetProperty("sequence").GetInt64(), TimeSpan.FromSeconds(30)));

        var all = await (await app.Anonymous().GetAsync($"{url}/stats")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal(3, all.GetProperty("participants").GetInt64());     // alice (current 170,000), bob, carol
        Assert.Equal(4, all.GetProperty("submissions").GetInt64());      // the retry was not a submission
        Assert.Equal((170_000 + 160_000 + 190_000) / 3.0, all.GetProperty("mean").GetDouble(), 6);
        Assert.Equal(170_000, all.GetProperty("quantiles").GetProperty("p50").GetDouble());
        Assert.Equal(last.GetProperty("sequence").GetInt64(), all.GetProperty("asOf").GetProperty("sequence").GetInt64());

        var shanghai = await (await app.Anonymous().GetAsync($"{url}/stats?region=Shanghai")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal(2, shanghai.GetProperty("participants").GetInt64());
        Assert.Equal(180_000, shanghai.GetProperty("mean").GetDouble(), 6);

        var app_ = await (await app.Anonymous().GetAsync($"{url}/stats?channel=app")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal(1, app_.GetProperty("participants").GetInt64());    // alice moved to the livestream channel
        Assert.Equal(190_000, app_.GetProperty("min").GetInt64());
    }
}
