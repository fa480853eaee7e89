using System.Net;
using System.Text.Json;
using CoCreation.Api.Pricing.Statistics;
using CoCreation.Api.Suggestions.Listing;
using CoCreation.Api.Tests.Contest;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Api.Tests.Voting;
using CoCreation.Contest;
using CoCreation.EventStore.Projections;
using CoCreation.OneId;
using Microsoft.Extensions.DependencyInjection;

namespace CoCreation.Api.Tests.Identity;

/// <summary>
/// A OneID is one person whatever channel and token they come with: for every activity, one person answering through
/// every channel, each time with a token of its own, counts once with their latest answer; other people count apart.
/// </summary>
public sealed class OnePersonOnceTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    private const string Person = "oneid-everywhere";

    /// <summary>A fresh token per request, minted a minute apart, through <paramref name="channel"/>.</summary>
    private HttpClient Through(string channel, int nth, string oneId = Person) =>
        app.WithBearer(CoCreationApp.ParticipantToken(oneId, channel, issuedAt: DateTimeOffset.UtcNow.AddMinutes(-nth)));

    private static IEnumerable<(string Channel, int Nth)> EveryChannel() => Channels.All.Select((c, i) => (c, i));

    [Fact]
    public async Task psm_answers_through_every_channel_count_the_person_once_with_the_latest()
    {
        var url = await app.DefineItemAsync("once-psm", "d90", PricingFixtures.PsmItem);
        long[] cheapest = [];
        foreach (var (channel, nth) in EveryChannel())
        {
            cheapest = [120_000 + nth * 1_000, 150_000 + nth * 1_000, 200_000, 250_000];
            var body = $$"""{"tooCheap": {{cheapest[0]}}, "cheap": {{cheapest[1]}}, "expensive": {{cheapest[2]}}, "tooExpensive": {{cheapest[3]}}}""";
            Assert.Equal(HttpStatusCode.Created, (await Through(channel, nth).SubmitAsync(url, body)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Created, (await Through("app", 0, "oneid-other").SubmitAsync(url,
            """{"tooCheap": 110000, "cheap": 130000, "expensive": 180000, "tooExpensive": 220000}""")).StatusCode);

        var stats = await StatsAsync(url);
        Assert.Equal(2, stats.GetProperty("participants").GetInt64());
        Assert.Equal(Channels.All.Count + 1, stats.GetProperty("submissions").GetInt64());
        Assert.Equal((cheapest[1] + 130_000) / 2.0, stats.GetProperty("mean").GetDouble(), 6); // the scalars describe "cheap"
        var last = Channels.All[^1];
        Assert.Equal(1, (await StatsAsync(url, $"?channel={last}")).GetProperty("participants").GetInt64());
        Assert.Equal(1, (await StatsAsync(url, "?channel=app")).GetProperty("participants").GetInt64()); // the other person only
    }

    [Fact]
    public async Task score_multi_and_points_ballots_through_every_channel_count_the_person_once_with_the_latest()
    {
        var score = await app.DefineQuestionAsync("once-votes", "looks",
            """{"title": "Rate", "kind": "score", "options": [{"id": "grille", "label": "Grille"}, {"id": "lights", "label": "Lights"}]}""");
        var multi = await app.DefineQuestionAsync("once-votes", "extras",
            """{"title": "Extras", "kind": "multi", "options": [{"id": "towbar", "label": "Towbar"}, {"id": "roof", "label": "Roof box"}, {"id": "mats", "label": "Mats"}]}""");
        var points = await app.DefineQuestionAsync("once-votes", "spend", VotingFixtures.PointsQuestion);
        var lastScore = 0;
        var lastRange = 0;
        string[] lastChoices = [];
        foreach (var (channel, nth) in EveryChannel())
        {
            lastScore = nth + 1;
            lastRange = 10 * (nth + 1);
            lastChoices = nth % 2 == 0 ? ["towbar", "roof"] : ["mats"];
            Assert.Equal(HttpStatusCode.Created, (await Through(channel, nth).VoteAsync(score, $$$"""{"scores": {"grille": {{{lastScore}}}}}""")).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await Through(channel, nth).VoteAsync(multi, JsonSerializer.Serialize(new { choices = lastChoices }))).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await Through(channel, nth).VoteAsync(points, $$$"""{"allocation": {"range": {{{lastRange}}}, "power": 5}}""")).StatusCode);
        }
        var other = Through("dealer", 0, "oneid-other");
        Assert.Equal(HttpStatusCode.Created, (await other.VoteAsync(score, """{"scores": {"grille": 2}}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await other.VoteAsync(multi, """{"choices": ["towbar"]}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await other.VoteAsync(points, """{"allocation": {"range": 50}}""")).StatusCode);

        var scores = await app.ResultsAsync(score);
        Assert.Equal(2, scores.Participants);
        Assert.Equal((2L, (lastScore + 2) / 2.0), (scores.Options[0].Votes, scores.Options[0].MeanScore!.Value));

        var extras = await app.ResultsAsync(multi);
        Assert.Equal(2, extras.Participants);
        var expected = new[] { "towbar", "roof", "mats" }.Select(o => (long)(lastChoices.Count(c => c == o) + (o == "towbar" ? 1 : 0)));
        Assert.Equal(expected, extras.Options.Select(o => o.Votes));

        var spent = await app.ResultsAsync(points);
        Assert.Equal(2, spent.Participants);
        Assert.Equal(lastRange + 50, spent.Options.Single(o => o.Id == "range").Points);
        Assert.Equal(5, spent.Options.Single(o => o.Id == "power").Points);
    }

    [Fact]
    public async Task upvotes_through_every_channel_count_the_person_once_until_they_withdraw()
    {
        var question = await app.DefineQuestionAsync("once-upvotes", "seats");
        var key = new HttpRequestMessage(HttpMethod.Post, $"{question}/suggestions") { Content = BadInput.BadInputCases.Json("""{"text": "Heated seats"}""") };
        key.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var suggestion = (await (await Through("app", 0, "oneid-author").SendAsync(key)).AssertJsonAsync<JsonElement>(HttpStatusCode.Created))
            .GetProperty("suggestionId").GetGuid();
        var url = $"/api/campaigns/once-upvotes/suggestions/{suggestion}";
        Assert.Equal(HttpStatusCode.OK, (await app.AsAdmin().PostJsonAsync($"{url}/moderation", """{"decision": "approve"}""")).StatusCode);

        foreach (var (channel, nth) in EveryChannel())
        {
            Assert.Equal(HttpStatusCode.OK, (await Through(channel, nth).PostAsync($"{url}/upvote", null)).StatusCode);
        }
        Assert.Equal(1, await UpvotesAsync(question, suggestion));
        Assert.Equal(HttpStatusCode.OK, (await Through("web", 9, "oneid-other").PostAsync($"{url}/upvote", null)).StatusCode);
        Assert.Equal(2, await UpvotesAsync(question, suggestion));

        Assert.Equal(HttpStatusCode.OK, (await Through("livestream", 10).DeleteAsync($"{url}/upvote")).StatusCode);
        Assert.Equal(1, await UpvotesAsync(question, suggestion));
    }

    [Fact]
    public async Task contest_scores_through_every_channel_count_the_person_once_with_the_latest()
    {
        var contest = await app.DefineContestAsync("once-contest");
        var entries = await app.ApprovedEntriesAsync(contest, 1);
        await app.MoveToAsync(contest, ContestStages.Voting);
        var last = 0;
        foreach (var (channel, nth) in EveryChannel())
        {
            last = nth % 6;
            Assert.Equal(HttpStatusCode.Created, (await Through(channel, nth).ScoreAsync(contest, entries[0], last)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Created, (await Through("wechat", 0, "oneid-other").ScoreAsync(contest, entries[0], 5)).StatusCode);

        var row = (await app.LeaderboardAsync(contest)).Single();
        Assert.Equal(2, row.GetProperty("votes").GetInt32());
        Assert.Equal((last + 5) / 2.0, row.GetProperty("meanScore").GetDouble(), 9);
    }

    [Fact]
    public async Task an_entry_retried_through_another_channel_with_its_key_is_the_same_entry()
    {
        var contest = await app.DefineContestAsync("once-entries");
        var key = Guid.NewGuid().ToString();
        var image = ContestFixtures.Png(11);

        var first = await (await Through("app", 0).SubmitEntryAsync(contest, image, key: key)).AssertJsonAsync<JsonElement>(HttpStatusCode.Created);
        foreach (var (channel, nth) in EveryChannel().Skip(1))
        {
            var retried = await (await Through(channel, nth).SubmitEntryAsync(contest, image, key: key)).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
            Assert.Equal(first.GetProperty("entryId").GetGuid(), retried.GetProperty("entryId").GetGuid());
        }
        var other = await (await Through("app", 0, "oneid-other").SubmitEntryAsync(contest, image, key: key)).AssertJsonAsync<JsonElement>(HttpStatusCode.Created);
        Assert.NotEqual(first.GetProperty("entryId").GetGuid(), other.GetProperty("entryId").GetGuid());

        var export = await app.AsAdmin().GetStringAsync($"{contest}/export");
        Assert.Equal(1 + 2, export.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length); // the header and two entries
    }

    private async Task<JsonElement> StatsAsync(string url, string query = "")
    {
        var head = await app.Store.ReadHeadSequenceAsync();
        Assert.True(await app.Services.GetRequiredService<ProjectionDaemon>().WaitForPositionAsync(PricingStatistics.ProjectionName, head, TimeSpan.FromSeconds(30)));
        return await (await app.Anonymous().GetAsync($"{url}/stats{query}")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
    }

    private async Task<long> UpvotesAsync(string question, Guid suggestion)
    {
        var head = await app.Store.ReadHeadSequenceAsync();
        Assert.True(await app.Services.GetRequiredService<ProjectionDaemon>().WaitForPositionAsync(SuggestionBoard.ProjectionName, head, TimeSpan.FromSeconds(30)));
        var page = await (await app.Anonymous().GetAsync($"{question}/suggestions")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        return page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("suggestionId").GetGuid() == suggestion).GetProperty("upvotes").GetInt64();
    }
}
