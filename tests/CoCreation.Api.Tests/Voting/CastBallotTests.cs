using System.Net;
using System.Text.Json;
using CoCreation.Participants;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Voting;
using Microsoft.Extensions.DependencyInjection;

namespace CoCreation.Api.Tests.Voting;

public sealed class CastBallotTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    private const string MultiQuestion = """
        {"title": "Which features?", "kind": "multi", "maxChoices": 2,
         "options": [{"id": "sunroof", "label": "Sunroof"}, {"id": "hud", "label": "Head-up display"}, {"id": "towbar", "label": "Tow bar"}]}
        """;

    private const string ScoreQuestion = """
        {"title": "Rate each", "kind": "score", "options": [{"id": "grille", "label": "Grille"}, {"id": "lights", "label": "Lights"}]}
        """;

    private Task<Guid> ParticipantOf(string oneId) =>
        app.Services.GetRequiredService<ParticipantDirectory>().ResolveAsync(oneId, CancellationToken.None);

    [Fact]
    public async Task a_ballot_is_201_with_its_event_id_and_sequence_on_the_persons_stream_without_the_oneid()
    {
        var url = await app.DefineQuestionAsync("cast", "seats");

        var response = await app.AsParticipant("oneid-cast", "wechat").VoteAsync(url, """{"choices": ["seven"], "segment": {"region": " Chengdu ", "ageBand": "35-44"}}""");

        var body = await response.AssertJsonAsync<JsonElement>(HttpStatusCode.Created);
        var participant = await ParticipantOf("oneid-cast");
        var stored = Assert.Single(await app.Store.ReadStreamAsync(Question.BallotStreamId("cast", "seats", participant)));
        Assert.Equal(body.GetProperty("ballotId").GetGuid(), stored.Id);
        Assert.Equal(body.GetProperty("sequence").GetInt64(), stored.Sequence);
        var ballot = Assert.IsType<BallotCast>(stored.Data);
        Assert.Equal((participant, "wechat", "Chengdu", "35-44"), (ballot.ParticipantId, ballot.Channel, ballot.Region, ballot.AgeBand));
        Assert.Equal([new BallotMark("seven", 1)], ballot.Marks);
        Assert.Equal($"participant:{participant:N}", stored.Metadata.Actor);
    }

    [Fact]
    public async Task a_replayed_key_is_200_with_the_first_answer_and_another_body_is_422()
    {
        var url = await app.DefineQuestionAsync("replay", "features", MultiQuestion);
        var voter = app.AsParticipant("oneid-replay");
        var key = Guid.NewGuid().ToString();

        var first = await (await voter.VoteAsync(url, """{"choices": ["sunroof", "hud"]}""", key)).AssertJsonAsync<JsonElement>(HttpStatusCode.Created);
        var replay = await app.AssertStoresNothingAsync(async () =>
            await (await voter.VoteAsync(url, """{"choices": ["hud", "sunroof"]}""", key)).AssertJsonAsync<JsonElement>(HttpStatusCode.OK));
        Assert.Equal(first.ToString(), replay.ToString());

        await app.AssertStoresNothingAsync(async () =>
            await (await voter.VoteAsync(url, """{"choices": ["towbar"]}""", key)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity));
    }

    [Fact]
    public async Task a_new_ballot_through_another_channel_replaces_the_old_one_in_the_results()
    {
        var url = await app.DefineQuestionAsync("replace", "seats");

        Assert.Equal(HttpStatusCode.Created, (await app.AsParticipant("oneid-a", "app").VoteAsync(url, """{"choices": ["five"]}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await app.AsParticipant("oneid-b", "app").VoteAsync(url, """{"choices": ["five"], "segment": {"region": "Beijing"}}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await app.AsParticipant("oneid-a", "livestream").VoteAsync(url, """{"choices": ["seven"]}""")).StatusCode);

        var all = await app.ResultsAsync(url);
        Assert.Equal("single", all.Kind);
        Assert.Equal(2, all.Participants);
        Assert.Equal([1L, 1L], all.Options.Select(o => o.Votes));
        Assert.Equal([0.5, 0.5], all.Options.Select(o => o.Share));
        var (low, high) = BallotScenario.WilsonByFormula(1, 2);
        Assert.Equal(low, all.Options[0].Ci95[0], 12);
        Assert.Equal(high, all.Options[0].Ci95[1], 12);

        var app_ = await app.ResultsAsync(url, "?channel=app");
        Assert.Equal((1L, 1L, 0L), (app_.Participants, app_.Options[0].Votes, app_.Options[1].Votes));
        var livestream = await app.ResultsAsync(url, "?channel=livestream");
        Assert.Equal((1L, 0L, 1L), (livestream.Participants, livestream.Options[0].Votes, livestream.Options[1].Votes));
        var beijing = await app.ResultsAsync(url, "?channel=app&region=Beijing");
        Assert.Equal(1, beijing.Participants);
    }

    [Fact]
    public async Task score_and_points_results_carry_mean_scores_and_points()
    {
        var score = await app.DefineQuestionAsync("kinds", "looks", ScoreQuestion);
        var points = $"/api/campaigns/kinds/questions/spend";
        Assert.True((await app.AsAdmin().PutJsonAsync(points, VotingFixtures.PointsQuestion)).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.AsHost().PostAsync($"{points}/open", null)).StatusCode);

        await app.AsParticipant("s1").VoteAsync(score, """{"scores": {"grille": 5, "lights": 2}}""");
        await app.AsParticipant("s2").VoteAsync(score, """{"scores": {"grille": 4}}""");
        await app.AsParticipant("s1").VoteAsync(points, """{"allocation": {"range": 70, "power": 30, "comfort": 0}}""");
        await app.AsParticipant("s2").VoteAsync(points, """{"allocation": {"range": 10}}""");

        var scores = await app.ResultsAsync(score);
        Assert.Equal([(2L, 4.5), (1L, 2.0)], scores.Options.Select(o => (o.Votes, o.MeanScore!.Value)));
        var spent = await app.ResultsAsync(points);
        Assert.Equal([80L, 30L, 0L], spent.Options.Select(o => o.Points!.Value));
        Assert.Equal([2L, 1L, 0L], spent.Options.Select(o => o.Votes));
        Assert.Equal(80.0 / 110, spent.Options[0].Share, 12);
        Assert.Equal(0.5, spent.Options[1].PeopleShare!.Value, 12);

        var raw = await (await app.Anonymous().GetAsync($"{score}/results")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("\"points\"", raw, StringComparison.Ordinal);
        Assert.Contains("\"asOf\":{\"sequence\":", raw, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"choices": []}""", "choices")]
    [InlineData("""{"choices": ["five", "seven"]}""", "choices")]
    [InlineData("""{"choices": ["eight"]}""", "choices")]
    [InlineData("""{"scores": {"five": 3}}""", "scores")]
    [InlineData("""{"choices": ["five"], "segment": {"ageBand": "7"}}""", "segment.ageBand")]
    [InlineData("""{}""", "choices")]
    public async Task an_invalid_single_choice_ballot_is_400_and_stores_nothing(string body, string field) =>
        await AssertInvalidAsync(await app.DefineQuestionAsync("bad-single", "seats"), body, field);

    [Theory]
    [InlineData("""{"choices": ["sunroof", "hud", "towbar"]}""", "choices")]
    [InlineData("""{"choices": ["hud", "hud"]}""", "choices")]
    public async Task an_invalid_multi_choice_ballot_is_400_and_stores_nothing(string body, string field) =>
        await AssertInvalidAsync(await app.DefineQuestionAsync("bad-multi", "features", MultiQuestion), body, field);

    [Theory]
    [InlineData("""{"scores": {"grille": 6}}""", "scores")]
    [InlineData("""{"scores": {"grille": 0}}""", "scores")]
    [InlineData("""{"scores": {}}""", "scores")]
    [InlineData("""{"scores": {"wheels": 3}}""", "scores")]
    public async Task an_invalid_score_ballot_is_400_and_stores_nothing(string body, string field) =>
        await AssertInvalidAsync(await app.DefineQuestionAsync("bad-score", "looks", ScoreQuestion), body, field);

    [Theory]
    [InlineData("""{"allocation": {"range": 60, "power": 41}}""", "allocation")]
    [InlineData("""{"allocation": {"range": -1, "power": 5}}""", "allocation")]
    [InlineData("""{"allocation": {"range": 0}}""", "allocation")]
    [InlineData("""{"allocation": {"speed": 10}}""", "allocation")]
    public async Task an_invalid_points_ballot_is_400_and_stores_nothing(string body, string field) =>
        await AssertInvalidAsync(await app.DefineQuestionAsync("bad-points", "spend", VotingFixtures.PointsQuestion), body, field);

    private async Task AssertInvalidAsync(string url, string body, string field)
    {
        var problem = await app.AssertStoresNothingAsync(async () =>
            await (await app.AsParticipant("oneid-invalid").VoteAsync(url, body)).AssertProblemAsync(HttpStatusCode.BadRequest));
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("""{"allocation": {"range": 1.5}}""")]
    [InlineData("""{"choices": "five"}""")]
    [InlineData("""{"choices": [""")]
    public async Task a_malformed_ballot_is_400_and_stores_nothing(string body)
    {
        var url = await app.DefineQuestionAsync("malformed", "spend", VotingFixtures.PointsQuestion);
        await app.AssertStoresNothingAsync(async () =>
            await (await app.AsParticipant("oneid-malformed").VoteAsync(url, body)).AssertProblemAsync(HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-uuid")]
    public async Task a_ballot_without_a_uuid_key_is_400(string? key)
    {
        var url = await app.DefineQuestionAsync("keys", "seats");
        var request = new HttpRequestMessage(HttpMethod.Post, $"{url}/ballots") { Content = new StringContent("""{"choices": ["five"]}""", System.Text.Encoding.UTF8, "application/json") };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        var problem = await app.AssertStoresNothingAsync(async () =>
            await (await app.AsParticipant("oneid-keys").SendAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest));
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task voting_needs_a_participant_an_existing_question_and_an_open_round()
    {
        var url = await app.DefineQuestionAsync("gates", "seats", open: false);
        const string ballot = """{"choices": ["five"]}""";
        await app.AssertStoresNothingAsync(async () =>
        {
            await (await app.Anonymous().VoteAsync(url, ballot)).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await app.WithBearer("not-a-token").VoteAsync(url, ballot)).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await app.AsAdmin().VoteAsync(url, ballot)).AssertProblemAsync(HttpStatusCode.Forbidden);
            await (await app.AsParticipant("oneid-gates").VoteAsync("/api/campaigns/gates/questions/nope", ballot)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await app.AsParticipant("oneid-gates").VoteAsync("/api/campaigns/no-such/questions/seats", ballot)).AssertProblemAsync(HttpStatusCode.NotFound);
            return await (await app.AsParticipant("oneid-gates").VoteAsync(url, ballot)).AssertProblemAsync(HttpStatusCode.Conflict);
        });

        Assert.Equal(HttpStatusCode.OK, (await app.AsHost().PostAsync($"{url}/open", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await app.AsParticipant("oneid-gates").VoteAsync(url, ballot)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.AsHost().PostAsync($"{url}/close", null)).StatusCode);
        await app.AssertStoresNothingAsync(async () =>
            await (await app.AsParticipant("oneid-gates").VoteAsync(url, ballot)).AssertProblemAsync(HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task results_of_an_unknown_question_are_404_and_of_an_unknown_channel_400()
    {
        var url = await app.DefineQuestionAsync("reads", "seats");
        await app.ResultsAsync(url);
        await (await app.Anonymous().GetAsync("/api/campaigns/reads/questions/nope/results")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await app.Anonymous().GetAsync($"{url}/results?channel=fax")).AssertProblemAsync(HttpStatusCode.BadRequest);
        var empty = await app.ResultsAsync(url, "?channel=web&region=Nowhere");
        Assert.Equal(0, empty.Participants);
        Assert.All(empty.Options, o => Assert.Equal([0.0, 1.0], o.Ci95));
    }
}
