using System.Net;
using System.Text.Json;
using CoCreation.Api.Identity;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Voting;

namespace CoCreation.Api.Tests.Voting;

public sealed class QuestionEndpointsTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    private static readonly string Admin = $"admin:{ApiKeys.Fingerprint(CoCreationApp.AdminKey)}";
    private static readonly string Host = $"host:{ApiKeys.Fingerprint(CoCreationApp.HostKey)}";

    [Fact]
    public async Task a_question_is_201_then_200_readable_and_listed_on_its_campaign()
    {
        await app.DefineCampaignAsync("define");
        var url = "/api/campaigns/define/questions/seats";

        var created = await app.AsAdmin().PutJsonAsync(url, VotingFixtures.SingleQuestion);
        var body = await created.AssertJsonAsync<JsonElement>(HttpStatusCode.Created);
        Assert.Equal(("seats", "single", false), (body.GetProperty("id").GetString(), body.GetProperty("kind").GetString(), body.GetProperty("isOpen").GetBoolean()));
        Assert.Equal(HttpStatusCode.OK, (await app.AsAdmin().PutJsonAsync(url, VotingFixtures.SingleQuestion)).StatusCode);

        var read = await (await app.Anonymous().GetAsync(url)).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal(["five", "seven"], read.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("id").GetString()));

        var campaign = await (await app.Anonymous().GetAsync("/api/campaigns/define")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        var listed = Assert.Single(campaign.GetProperty("questions").EnumerateArray());
        Assert.Equal(("seats", "How many seats?"), (listed.GetProperty("id").GetString(), listed.GetProperty("title").GetString()));

        var events = await app.Store.ReadStreamAsync(Question.StreamId("define", "seats"));
        var defined = Assert.IsType<QuestionDefined>(Assert.Single(events).Data);
        Assert.Equal(Admin, defined.Actor);
        Assert.Equal(Admin, events[0].Metadata.Actor);
    }

    [Fact]
    public async Task hosts_open_and_close_a_round_and_each_change_is_an_event_with_its_actor()
    {
        var url = await app.DefineQuestionAsync("rounds", "seats", open: false);

        var opened = await (await app.AsHost().PostAsync($"{url}/open", null)).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.True(opened.GetProperty("isOpen").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await app.AsHost().PostAsync($"{url}/open", null)).StatusCode);
        var closed = await (await app.AsAdmin().PostAsync($"{url}/close", null)).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.False(closed.GetProperty("isOpen").GetBoolean());

        var events = await app.Store.ReadStreamAsync(Question.StreamId("rounds", "seats"));
        Assert.Equal([typeof(QuestionDefined), typeof(QuestionRoundOpened), typeof(QuestionRoundClosed)], events.Select(e => e.Data.GetType()));
        Assert.Equal([Admin, Host, Admin], events.Select(e => e.Metadata.Actor));
        Assert.Equal(Host, ((QuestionRoundOpened)events[1].Data).Actor);
    }

    [Fact]
    public async Task the_kind_cannot_change_once_voting_began_but_the_labels_can()
    {
        var url = await app.DefineQuestionAsync("frozen", "seats");

        var multi = VotingFixtures.SingleQuestion.Replace("\"single\"", "\"multi\"", StringComparison.Ordinal);
        await app.AssertStoresNothingAsync(async () => await (await app.AsAdmin().PutJsonAsync(url, multi)).AssertProblemAsync(HttpStatusCode.Conflict));

        var relabelled = VotingFixtures.SingleQuestion.Replace("7 seats", "Seven seats", StringComparison.Ordinal);
        var body = await (await app.AsAdmin().PutJsonAsync(url, relabelled)).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal("Seven seats", body.GetProperty("options")[1].GetProperty("label").GetString());
    }

    [Theory]
    [InlineData("""{"title": "Q", "kind": "ranking", "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}""", "kind")]
    [InlineData("""{"title": "Q", "kind": "single", "options": [{"id": "a", "label": "A"}]}""", "options")]
    [InlineData("""{"title": "Q", "kind": "single", "options": [{"id": "a", "label": "A"}, {"id": "a", "label": "B"}]}""", "options[1].id")]
    [InlineData("""{"title": "Q", "kind": "single", "options": [{"id": "A B", "label": "A"}, {"id": "b", "label": "B"}]}""", "options[0].id")]
    [InlineData("""{"title": "Q", "kind": "single", "options": [{"id": "a", "label": "A\u0007"}, {"id": "b", "label": "B"}]}""", "options[0].label")]
    [InlineData("""{"title": "Q", "kind": "single", "maxChoices": 1, "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}""", "maxChoices")]
    [InlineData("""{"title": "Q", "kind": "multi", "maxChoices": 3, "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}""", "maxChoices")]
    [InlineData("""{"title": "Q", "kind": "points", "budget": 10001, "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}""", "budget")]
    [InlineData("""{"title": "Q", "kind": "score", "budget": 10, "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}""", "budget")]
    [InlineData("""{"kind": "single", "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}""", "title")]
    public async Task an_invalid_question_is_400_naming_the_field_and_stores_nothing(string body, string field)
    {
        await app.DefineCampaignAsync("invalid");
        var problem = await app.AssertStoresNothingAsync(async () =>
            await (await app.AsAdmin().PutJsonAsync("/api/campaigns/invalid/questions/q", body)).AssertProblemAsync(HttpStatusCode.BadRequest));
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task malformed_json_is_400() =>
        await app.AssertStoresNothingAsync(async () =>
            await (await app.AsAdmin().PutJsonAsync("/api/campaigns/invalid/questions/q", """{"title": 5""")).AssertProblemAsync(HttpStatusCode.BadRequest));

    [Fact]
    public async Task defining_needs_an_admin_and_a_campaign()
    {
        await app.DefineCampaignAsync("auth");
        var url = "/api/campaigns/auth/questions/q";
        await app.AssertStoresNothingAsync(async () =>
        {
            await (await app.Anonymous().PutJsonAsync(url, VotingFixtures.SingleQuestion)).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await app.AsHost().PutJsonAsync(url, VotingFixtures.SingleQuestion)).AssertProblemAsync(HttpStatusCode.Forbidden);
            await (await app.AsParticipant("someone").PutJsonAsync(url, VotingFixtures.SingleQuestion)).AssertProblemAsync(HttpStatusCode.Forbidden);
            return await (await app.AsAdmin().PutJsonAsync("/api/campaigns/no-such/questions/q", VotingFixtures.SingleQuestion)).AssertProblemAsync(HttpStatusCode.NotFound);
        });
    }

    [Fact]
    public async Task rounds_need_a_host_and_a_question()
    {
        var url = await app.DefineQuestionAsync("round-auth", "q", open: false);
        await app.AssertStoresNothingAsync(async () =>
        {
            await (await app.Anonymous().PostAsync($"{url}/open", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await app.AsParticipant("someone").PostAsync($"{url}/close", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
            await (await app.AsHost().PostAsync("/api/campaigns/round-auth/questions/nope/open", null)).AssertProblemAsync(HttpStatusCode.NotFound);
            return await (await app.AsHost().PostAsync("/api/campaigns/no-such/questions/q/close", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        });
        await (await app.Anonymous().GetAsync("/api/campaigns/round-auth/questions/nope")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
