using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoCreation.Api.Contest.Leaderboard;
using CoCreation.Api.Live.Scenes;
using CoCreation.Api.Pricing.Statistics;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Api.Voting.Results;
using CoCreation.EventStore.Projections;
using Microsoft.Extensions.DependencyInjection;

namespace CoCreation.Api.Tests.Live;

/// <summary>Campaigns, submissions and waits for the live tests.</summary>
internal static class LiveFixtures
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public static string NewCampaign() => $"live-{Guid.NewGuid():N}"[..20];

    /// <summary>Submits a direct price as a new person and returns the event's sequence.</summary>
    public static async Task<long> SubmitAsync(this CoCreationApp app, string itemUrl, long price, string? person = null)
    {
        var response = await app.AsParticipant(person ?? $"person-{Guid.NewGuid():N}").SubmitAsync(itemUrl, $$"""{"price": {{price}}}""");
        return (await response.AssertJsonAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("sequence").GetInt64();
    }

    /// <summary>Waits until this node's live projections behind the hub's topics have applied the log up to <paramref name="sequence"/>.</summary>
    public static async Task WaitForLiveAsync(this CoCreationApp app, long sequence)
    {
        var daemon = app.Services.GetRequiredService<ProjectionDaemon>();
        foreach (var projection in new[] { PricingStatistics.ProjectionName, LiveScenes.ProjectionName, VoteResults.ProjectionName, ContestBoard.ProjectionName })
        {
            Assert.True(await daemon.WaitForPositionAsync(projection, sequence, Wait), $"{projection} did not reach {sequence}");
        }
    }

    public static async Task WaitForLiveAsync(this CoCreationApp app) => await app.WaitForLiveAsync(await app.Store.ReadHeadSequenceAsync());

    public static async Task<string> StatsJsonAsync(this CoCreationApp app, string itemUrl)
    {
        var response = await app.Anonymous().GetAsync($"{itemUrl}/stats");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public static Task<HttpResponseMessage> PutSceneAsync(this HttpClient client, string campaignId, string body) =>
        client.PutJsonAsync($"/api/campaigns/{campaignId}/scene", body);

    public static bool IsStatsOf(this HubMessage message, string itemId) =>
        message.Target == "priceStats" && message.Arguments[0].GetString() == itemId;

    public static bool IsResultsOf(this HubMessage message, string questionId) =>
        message.Target == "voteResults" && message.Arguments[0].GetString() == questionId;

    public static bool IsLeaderboardOf(this HubMessage message, string contestId) =>
        message.Target == "leaderboard" && message.Arguments[0].GetString() == contestId;

    /// <summary>
    /// The message's <c>asOf.sequence</c>: inside the payload, or the third argument of <c>leaderboard</c> (its rows are a
    /// bare array); -1 for a scene never switched (its asOf is null).
    /// </summary>
    public static long Sequence(this HubMessage message) =>
        (message.Target == "leaderboard" ? message.Arguments[2] : message.Arguments[^1].GetProperty("asOf")) is { ValueKind: JsonValueKind.Object } asOf
            ? asOf.GetProperty("sequence").GetInt64()
            : -1;

    public static bool SameJson(JsonElement actual, string expected) => JsonNode.DeepEquals(JsonNode.Parse(actual.GetRawText()), JsonNode.Parse(expected));
}
