using System.Net;
using System.Text;
using System.Text.Json;
using CoCreation.Participants;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Api.Tests.Voting;
using CoCreation.Suggestions;
using Microsoft.Extensions.DependencyInjection;

namespace CoCreation.Api.Tests.Suggestions;

public sealed class SuggestionEndpointsTests(SuggestionsApp fixture) : IClassFixture<SuggestionsApp>
{
    private readonly CoCreationApp app = fixture.App;

    private static Task<HttpResponseMessage> SuggestAsync(HttpClient client, string questionUrl, string text, string? key = null) =>
        PostWithKeyAsync(client, $"{questionUrl}/suggestions", JsonSerializer.Serialize(new { text }), key ?? Guid.NewGuid().ToString());

    private static Task<HttpResponseMessage> PostWithKeyAsync(HttpClient client, string url, string json, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    /// <summary>A suggestion by <paramref name="oneId"/>, approved unless told otherwise; returns its id.</summary>
    private async Task<Guid> SuggestionAsync(string questionUrl, string text, string oneId = "oneid-author", bool approve = true)
    {
        var body = await (await SuggestAsync(app.AsParticipant(oneId), questionUrl, text)).AssertJsonAsync<JsonElement>(HttpStatusCode.Created);
        var id = body.GetProperty("suggestionId").GetGuid();
        if (approve) Assert.Equal(HttpStatusCode.OK, (await Moderate(app.AsAdmin(), CampaignOf(questionUrl), id, """{"decision": "approve"}""")).StatusCode);
        return id;
    }

    private static string CampaignOf(string questionUrl) => questionUrl.Split('/')[3];

    private static Task<HttpResponseMessage> Moderate(HttpClient client, string campaign, Guid id, string json) =>
        client.PostJsonAsync($"/api/campaigns/{campaign}/suggestions/{id}/moderation", json);

    private static Task<HttpResponseMessage> Upvote(HttpClient client, string campaign, Guid id) =>
        client.PostAsync($"/api/campaigns/{campaign}/suggestions/{id}/upvote", null);

    private static Task<HttpResponseMessage> Merge(HttpClient client, string campaign, Guid id, Guid into) =>
        client.PostJsonAsync($"/api/campaigns/{campaign}/suggestions/{id}/merge", $$"""{"into": "{{into}}"}""");

    private async Task<SuggestionPageBody> ListAsync(string questionUrl, string query = "", HttpClient? client = null) =>
        await (await (client ?? app.Anonymous()).GetAsync($"{questionUrl}/suggestions{query}")).AssertJsonAsync<SuggestionPageBody>(HttpStatusCode.OK);

    private sealed record SuggestionPageBody(string Status, string Sort, int Total, IReadOnlyList<ItemBody> Items);

    private sealed record ItemBody(Guid SuggestionId, string Text, string Status, int Upvotes, DateTimeOffset CreatedAt, Guid? MergedInto);

    [Fact]
    public async Task a_suggestion_is_201_pending_stored_normalised_without_the_oneid_and_queued_for_admins()
    {
        var url = await app.DefineQuestionAsync("submit", "seats");

        var response = await SuggestAsync(app.AsParticipant("oneid-suggest", "wechat"), url, "  Cafe\u0301-style\r\nseats  ");

        var body = await response.AssertJsonAsync<JsonElement>(HttpStatusCode.Created);
        Assert.Equal("pending", body.GetProperty("status").GetString());
        var id = body.GetProperty("suggestionId").GetGuid();
        var stored = Assert.Single(await app.Store.ReadStreamAsync(Suggestion.StreamId("submit", id)));
        var submitted = Assert.IsType<SuggestionSubmitted>(stored.Data);
        var participant = await app.Services.GetRequiredService<ParticipantDirectory>().ResolveAsync("oneid-suggest", CancellationToken.None);
        Assert.Equal(("Caf\u00e9-style\nseats", participant, "wechat"), (submitted.Text, submitted.ParticipantId, submitted.Channel));
        Assert.Equal($"participant:{participant:N}", stored.Metadata.Actor);

        var queue = await ListAsync(url, "?status=pending", app.AsAdmin());
        Assert.Equal("Caf\u00e9-style\nseats", Assert.Single(queue.Items).Text);
        Assert.Empty((await ListAsync(url)).Items);
    }

    [Fact]
    public async Task a_replayed_key_is_200_with_the_same_suggestion_and_another_text_is_422()
    {
        var url = await app.DefineQuestionAsync("replay", "seats");
        var author = app.AsParticipant("oneid-replay");
        var key = Guid.NewGuid().ToString();

        var first = await (await SuggestAsync(author, url, "Third row", key)).AssertJsonAsync<JsonElement>(HttpStatusCode.Created);
        var replay = await app.AssertStoresNothingAsync(async () =>
            await (await SuggestAsync(author, url, "Third row", key)).AssertJsonAsync<JsonElement>(HttpStatusCode.OK));
        Assert.Equal(first.ToString(), replay.ToString());
        await app.AssertStoresNothingAsync(async () =>
            await (await SuggestAsync(author, url, "Fourth row", key)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("   ")]
    [InlineData("tab\tinside")]
    [InlineData("This is SPAM")]
    [InlineData("真是垃圾")]
    public async Task an_unacceptable_text_is_400_on_text_and_stores_nothing(string text)
    {
        var url = await app.DefineQuestionAsync("texts", "seats");
        var problem = await app.AssertStoresNothingAsync(async () =>
            await (await SuggestAsync(app.AsParticipant("oneid-texts"), url, text)).AssertProblemAsync(HttpStatusCode.BadRequest));
        Assert.True(problem.GetProperty("errors").TryGetProperty("text", out _), problem.ToString());
    }

    [Fact]
    public async Task a_text_of_500_characters_passes_and_501_does_not()
    {
        var url = await app.DefineQuestionAsync("lengths", "seats");
        Assert.Equal(HttpStatusCode.Created, (await SuggestAsync(app.AsParticipant("oneid-long"), url, new string('好', 500))).StatusCode);
        await app.AssertStoresNothingAsync(async () =>
            await (await SuggestAsync(app.AsParticipant("oneid-long"), url, new string('好', 501))).AssertProblemAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task suggesting_needs_a_key_a_participant_a_question_and_an_open_round()
    {
        var url = await app.DefineQuestionAsync("gates", "seats", open: false);
        await app.AssertStoresNothingAsync(async () =>
        {
            await (await PostWithKeyAsync(app.AsParticipant("oneid-gates"), $"{url}/suggestions", """{"text": "Idea"}""", null)).AssertProblemAsync(HttpStatusCode.BadRequest);
            await (await SuggestAsync(app.Anonymous(), url, "Idea")).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await SuggestAsync(app.AsAdmin(), url, "Idea")).AssertProblemAsync(HttpStatusCode.Forbidden);
            await (await SuggestAsync(app.AsParticipant("oneid-gates"), "/api/campaigns/gates/questions/nope", "Idea")).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await SuggestAsync(app.AsParticipant("oneid-gates"), "/api/campaigns/no-such/questions/seats", "Idea")).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await PostWithKeyAsync(app.AsParticipant("oneid-gates"), $"{url}/suggestions", """{"text": 7}""", Guid.NewGuid().ToString())).AssertProblemAsync(HttpStatusCode.BadRequest);
            return await (await SuggestAsync(app.AsParticipant("oneid-gates"), url, "Idea")).AssertProblemAsync(HttpStatusCode.Conflict);
        });
    }

    [Fact]
    public async Task moderation_approves_rejects_and_revises_with_the_admin_as_actor()
    {
        var url = await app.DefineQuestionAsync("moderate", "seats");
        var id = await SuggestionAsync(url, "Captain seats", approve: false);

        var approved = await (await Moderate(app.AsAdmin(), "moderate", id, """{"decision": "approve"}""")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal("approved", approved.GetProperty("status").GetString());
        Assert.Equal([id], (await ListAsync(url)).Items.Select(i => i.SuggestionId));
        await app.AssertStoresNothingAsync(async () => await (await Moderate(app.AsAdmin(), "moderate", id, """{"decision": "approve"}""")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK));

        Assert.Equal(HttpStatusCode.OK, (await Moderate(app.AsAdmin(), "moderate", id, """{"decision": "reject", "reason": "off topic"}""")).StatusCode);
        Assert.Empty((await ListAsync(url)).Items);
        Assert.Single((await ListAsync(url, "?status=rejected", app.AsAdmin())).Items);

        var events = await app.Store.ReadStreamAsync(Suggestion.StreamId("moderate", id));
        Assert.Equal([typeof(SuggestionSubmitted), typeof(SuggestionApproved), typeof(SuggestionRejected)], events.Select(e => e.Data.GetType()));
        Assert.All(events.Skip(1), e => Assert.StartsWith("admin:", e.Metadata.Actor, StringComparison.Ordinal));
        Assert.Equal("off topic", ((SuggestionRejected)events[2].Data).Reason);
    }

    [Fact]
    public async Task moderation_errors_are_400_401_403_404_and_409_and_store_nothing()
    {
        var url = await app.DefineQuestionAsync("moderate-errors", "seats");
        var source = await SuggestionAsync(url, "Duplicate idea");
        var target = await SuggestionAsync(url, "Original idea");
        Assert.Equal(HttpStatusCode.OK, (await Merge(app.AsAdmin(), "moderate-errors", source, target)).StatusCode);

        await app.AssertStoresNothingAsync(async () =>
        {
            await (await Moderate(app.AsAdmin(), "moderate-errors", target, """{"decision": "maybe"}""")).AssertProblemAsync(HttpStatusCode.BadRequest);
            await (await Moderate(app.Anonymous(), "moderate-errors", target, """{"decision": "approve"}""")).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await Moderate(app.AsHost(), "moderate-errors", target, """{"decision": "approve"}""")).AssertProblemAsync(HttpStatusCode.Forbidden);
            await (await Moderate(app.AsAdmin(), "moderate-errors", Guid.NewGuid(), """{"decision": "approve"}""")).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await app.AsAdmin().PostJsonAsync("/api/campaigns/moderate-errors/suggestions/not-a-uuid/moderation", """{"decision": "approve"}""")).AssertProblemAsync(HttpStatusCode.NotFound);
            return await (await Moderate(app.AsAdmin(), "moderate-errors", source, """{"decision": "reject"}""")).AssertProblemAsync(HttpStatusCode.Conflict);
        });
    }

    [Fact]
    public async Task an_upvote_counts_once_per_person_only_on_approved_suggestions_and_can_be_withdrawn()
    {
        var url = await app.DefineQuestionAsync("upvotes", "seats");
        var id = await SuggestionAsync(url, "Heated seats");
        var pending = await SuggestionAsync(url, "Cooled seats", approve: false);
        var voter = app.AsParticipant("oneid-voter", "app");

        var first = await (await Upvote(voter, "upvotes", id)).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.True(first.GetProperty("upvoted").GetBoolean());
        await app.AssertStoresNothingAsync(async () => await (await Upvote(app.AsParticipant("oneid-voter", "livestream"), "upvotes", id)).AssertJsonAsync<JsonElement>(HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.OK, (await Upvote(app.AsParticipant("oneid-other"), "upvotes", id)).StatusCode);
        Assert.Equal(2, (await ListAsync(url)).Items.Single().Upvotes);

        var withdrawn = await (await voter.DeleteAsync($"/api/campaigns/upvotes/suggestions/{id}/upvote")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.False(withdrawn.GetProperty("upvoted").GetBoolean());
        Assert.Equal(1, (await ListAsync(url)).Items.Single().Upvotes);
        await app.AssertStoresNothingAsync(async () => await (await voter.DeleteAsync($"/api/campaigns/upvotes/suggestions/{id}/upvote")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK));

        await app.AssertStoresNothingAsync(async () =>
        {
            await (await Upvote(voter, "upvotes", pending)).AssertProblemAsync(HttpStatusCode.Conflict);
            await (await Upvote(app.Anonymous(), "upvotes", id)).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await Upvote(app.AsAdmin(), "upvotes", id)).AssertProblemAsync(HttpStatusCode.Forbidden);
            return await (await Upvote(voter, "upvotes", Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.NotFound);
        });
    }

    [Fact]
    public async Task merging_counts_overlapping_upvoters_once_on_the_target_and_unmerging_restores_both()
    {
        var url = await app.DefineQuestionAsync("merge", "seats");
        var source = await SuggestionAsync(url, "More legroom in row 3");
        var target = await SuggestionAsync(url, "Bigger third row");
        foreach (var person in new[] { "p1", "p2" }) Assert.Equal(HttpStatusCode.OK, (await Upvote(app.AsParticipant(person), "merge", source)).StatusCode);
        foreach (var person in new[] { "p2", "p3" }) Assert.Equal(HttpStatusCode.OK, (await Upvote(app.AsParticipant(person), "merge", target)).StatusCode);

        var merged = await (await Merge(app.AsAdmin(), "merge", source, target)).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal(("merged", target), (merged.GetProperty("status").GetString(), merged.GetProperty("mergedInto").GetGuid()));
        var item = Assert.Single((await ListAsync(url)).Items);
        Assert.Equal((target, 3), (item.SuggestionId, item.Upvotes));
        Assert.Equal(target, Assert.Single((await ListAsync(url, "?status=merged", app.AsAdmin())).Items).MergedInto);
        await app.AssertStoresNothingAsync(async () => await (await Upvote(app.AsParticipant("p4"), "merge", source)).AssertProblemAsync(HttpStatusCode.Conflict));

        var unmerged = await (await app.AsAdmin().PostAsync($"/api/campaigns/merge/suggestions/{source}/unmerge", null)).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal("approved", unmerged.GetProperty("status").GetString());
        Assert.Equal([2, 2], (await ListAsync(url)).Items.Select(i => i.Upvotes));
        var events = await app.Store.ReadStreamAsync(Suggestion.StreamId("merge", source));
        Assert.Equal([typeof(SuggestionMerged), typeof(SuggestionUnmerged)], events.Skip(2).Select(e => e.Data.GetType()));
    }

    [Fact]
    public async Task merge_errors_are_400_404_and_409_and_store_nothing()
    {
        var url = await app.DefineQuestionAsync("merge-errors", "seats");
        var otherQuestion = "/api/campaigns/merge-errors/questions/colours";
        Assert.True((await app.AsAdmin().PutJsonAsync(otherQuestion, VotingFixtures.SingleQuestion)).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.AsHost().PostAsync($"{otherQuestion}/open", null)).StatusCode);
        var a = await SuggestionAsync(url, "Idea A");
        var b = await SuggestionAsync(url, "Idea B");
        var c = await SuggestionAsync(url, "Idea C");
        var pending = await SuggestionAsync(url, "Idea P", approve: false);
        var elsewhere = await SuggestionAsync(otherQuestion, "Idea elsewhere");
        Assert.Equal(HttpStatusCode.OK, (await Merge(app.AsAdmin(), "merge-errors", b, c)).StatusCode);

        await app.AssertStoresNothingAsync(async () =>
        {
            await (await Merge(app.AsAdmin(), "merge-errors", a, a)).AssertProblemAsync(HttpStatusCode.BadRequest);
            await (await Merge(app.AsAdmin(), "merge-errors", a, elsewhere)).AssertProblemAsync(HttpStatusCode.BadRequest);
            await (await Merge(app.AsAdmin(), "merge-errors", a, Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.BadRequest);
            await (await app.AsAdmin().PostJsonAsync($"/api/campaigns/merge-errors/suggestions/{a}/merge", """{"into": "nope"}""")).AssertProblemAsync(HttpStatusCode.BadRequest);
            await (await Merge(app.AsAdmin(), "merge-errors", Guid.NewGuid(), a)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await Merge(app.AsAdmin(), "merge-errors", a, b)).AssertProblemAsync(HttpStatusCode.Conflict);
            await (await Merge(app.AsAdmin(), "merge-errors", a, pending)).AssertProblemAsync(HttpStatusCode.Conflict);
            await (await Merge(app.AsAdmin(), "merge-errors", b, a)).AssertProblemAsync(HttpStatusCode.Conflict);
            await (await app.AsAdmin().PostAsync($"/api/campaigns/merge-errors/suggestions/{a}/unmerge", null)).AssertProblemAsync(HttpStatusCode.Conflict);
            await (await Merge(app.AsHost(), "merge-errors", a, c)).AssertProblemAsync(HttpStatusCode.Forbidden);
            return await (await Merge(app.Anonymous(), "merge-errors", a, c)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        });
    }

    [Fact]
    public async Task listing_sorts_by_top_or_new_pages_and_keeps_the_queue_for_admins()
    {
        var url = await app.DefineQuestionAsync("listing", "seats");
        var older = await SuggestionAsync(url, "Older idea");
        var newer = await SuggestionAsync(url, "Newer idea");
        Assert.Equal(HttpStatusCode.OK, (await Upvote(app.AsParticipant("fan"), "listing", older)).StatusCode);

        Assert.Equal([older, newer], (await ListAsync(url, "?sort=top")).Items.Select(i => i.SuggestionId));
        Assert.Equal([newer, older], (await ListAsync(url, "?sort=new")).Items.Select(i => i.SuggestionId));
        var page = await ListAsync(url, "?sort=new&limit=1&offset=1");
        Assert.Equal((2, older), (page.Total, Assert.Single(page.Items).SuggestionId));

        await (await app.Anonymous().GetAsync($"{url}/suggestions?status=pending")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await app.AsParticipant("fan").GetAsync($"{url}/suggestions?status=pending")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await app.AsHost().GetAsync($"{url}/suggestions?status=rejected")).AssertProblemAsync(HttpStatusCode.Forbidden);
        foreach (var query in new[] { "?status=secret", "?sort=best", "?limit=0", "?limit=201", "?offset=-1", "?limit=x" })
        {
            await (await app.Anonymous().GetAsync($"{url}/suggestions{query}")).AssertProblemAsync(HttpStatusCode.BadRequest);
        }
        await (await app.Anonymous().GetAsync("/api/campaigns/listing/questions/nope/suggestions")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
