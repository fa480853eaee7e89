using System.Net;
using System.Text;
using System.Text.Json;
using CoCreation.Participants;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Pricing;
using Microsoft.Extensions.DependencyInjection;

namespace CoCreation.Api.Tests.Pricing;

public sealed class SubmitPriceTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    private Task<Guid> ParticipantOf(string oneId) =>
        app.Services.GetRequiredService<ParticipantDirectory>().ResolveAsync(oneId, CancellationToken.None);

    [Fact]
    public async Task a_direct_price_is_201_with_the_event_id_and_sequence_and_lands_on_the_persons_stream()
    {
        var url = await app.DefineItemAsync("direct", "d90");

        var response = await app.AsParticipant("oneid-direct", "wechat").SubmitAsync(url, """{"price": 150000, "segment": {"region": " Shanghai ", "ageBand": "25-34"}}""");

        var body = await response.AssertJsonAsync<JsonElement>(HttpStatusCode.Created);
        var participant = await ParticipantOf("oneid-direct");
        var stored = Assert.Single(await app.Store.ReadStreamAsync(PricingItem.SubmissionStreamId("direct", "d90", participant)));
        Assert.Equal(body.GetProperty("submissionId").GetGuid(), stored.Id);
        Assert.Equal(body.GetProperty("sequence").GetInt64(), stored.Sequence);
        Assert.Equal(new PriceSubmitted("direct", "d90", participant, "wechat", 150_000, null, null, null, null, null, null, "Shanghai", "25-34"), stored.Data);
        Assert.DoesNotContain("oneid-direct", stored.Metadata.Actor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_psm_answer_is_201()
    {
        var url = await app.DefineItemAsync("psm", "d90", PricingFixtures.PsmItem);

        var response = await app.AsParticipant("oneid-psm").SubmitAsync(url,
            """{"tooCheap": 120000, "cheap": 140000, "expensive": 170000, "tooExpensive": 190000, "likelihoodAtCheap": 5, "likelihoodAtExpensive": 2}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = (PriceSubmitted)Assert.Single(await app.Store.ReadStreamAsync(PricingItem.SubmissionStreamId("psm", "d90", await ParticipantOf("oneid-psm")))).Data;
        Assert.Equal((120_000L, 140_000L, 170_000L, 190_000L, 5, 2),
            (stored.TooCheap, stored.Cheap, stored.Expensive, stored.TooExpensive, stored.LikelihoodAtCheap, stored.LikelihoodAtExpensive));
    }

    [Fact]
    public async Task one_person_through_several_channels_is_one_participant()
    {
        var url = await app.DefineItemAsync("channels", "d90");

        Assert.Equal(HttpStatusCode.Created, (await app.AsParticipant("oneid-everywhere", "app").SubmitAsync(url, """{"price": 150000}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await app.AsParticipant("oneid-everywhere", "livestream").SubmitAsync(url, """{"price": 160000}""")).StatusCode);

        var events = await app.Store.ReadStreamAsync(PricingItem.SubmissionStreamId("channels", "d90", await ParticipantOf("oneid-everywhere")));
        Assert.Equal([("app", 150_000L), ("livestream", 160_000L)],
            events.Select(e => (PriceSubmitted)e.Data).Select(e => (e.Channel, e.Price!.Value)));
    }

    [Fact]
    public async Task replaying_the_same_key_and_answer_is_200_with_the_original_body_and_appends_nothing()
    {
        var url = await app.DefineItemAsync("replay", "d90");
        var person = app.AsParticipant("oneid-replay");
        var key = Guid.NewGuid().ToString();
        var first = await (await person.SubmitAsync(url, """{"price": 150000}""", key)).Content.ReadAsStringAsync();

        var replay = await app.AssertStoresNothingAsync(() => person.SubmitAsync(url, """{ "price" : 150000 }""", key.ToUpperInvariant()));

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(first, await replay.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task reusing_a_key_with_another_answer_is_422_and_stores_nothing()
    {
        var url = await app.DefineItemAsync("reuse", "d90");
        var person = app.AsParticipant("oneid-reuse");
        var key = Guid.NewGuid().ToString();
        await person.SubmitAsync(url, """{"price": 150000}""", key);

        var response = await app.AssertStoresNothingAsync(() => person.SubmitAsync(url, """{"price": 151000}""", key));

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Theory]
    [InlineData("""{"price": 99000}""", "price")]
    [InlineData("""{"price": 301000}""", "price")]
    [InlineData("""{"price": 150500}""", "price")]
    [InlineData("""{}""", "price")]
    [InlineData("""{"price": 150000, "cheap": 140000}""", "cheap")]
    [InlineData("""{"price": 150000, "segment": {"region": "Shanghai;drop"}}""", "segment.region")]
    [InlineData("""{"price": 150000, "segment": {"ageBand": "30-40"}}""", "segment.ageBand")]
    public async Task an_invalid_direct_answer_is_400_with_the_field_and_stores_nothing(string body, string field)
    {
        var url = await app.DefineItemAsync("invalid-direct", "d90");

        var response = await app.AssertStoresNothingAsync(() => app.AsParticipant("oneid-invalid").SubmitAsync(url, body));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("""{"tooCheap": 140000, "cheap": 120000, "expensive": 170000, "tooExpensive": 190000}""", "tooExpensive")]
    [InlineData("""{"tooCheap": 120000, "cheap": 140000, "expensive": 140000, "tooExpensive": 190000}""", "tooExpensive")]
    [InlineData("""{"tooCheap": 120000, "cheap": 140000, "expensive": 170000}""", "tooExpensive")]
    [InlineData("""{"tooCheap": 120000, "cheap": 140000, "expensive": 170000, "tooExpensive": 190000, "likelihoodAtCheap": 6, "likelihoodAtExpensive": 1}""", "likelihoodAtCheap")]
    [InlineData("""{"tooCheap": 120000, "cheap": 140000, "expensive": 170000, "tooExpensive": 190000, "likelihoodAtCheap": 3}""", "likelihoodAtExpensive")]
    [InlineData("""{"price": 150000, "tooCheap": 120000, "cheap": 140000, "expensive": 170000, "tooExpensive": 190000}""", "price")]
    public async Task an_invalid_psm_answer_is_400_with_the_field_and_stores_nothing(string body, string field)
    {
        var url = await app.DefineItemAsync("invalid-psm", "d90", PricingFixtures.PsmItem);

        var response = await app.AssertStoresNothingAsync(() => app.AsParticipant("oneid-invalid").SubmitAsync(url, body));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("""{"price": 150000""")]
    [InlineData("""{"price": "a lot"}""")]
    [InlineData("""{"price": 150000.5}""")]
    [InlineData("""{"price": 1e40}""")]
    [InlineData("""[150000]""")]
    [InlineData("")]
    public async Task malformed_or_mistyped_json_is_400_and_stores_nothing(string body)
    {
        var url = await app.DefineItemAsync("malformed", "d90");

        var response = await app.AssertStoresNothingAsync(() => app.AsParticipant("oneid-malformed").SubmitAsync(url, body));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-uuid")]
    public async Task a_missing_or_non_uuid_idempotency_key_is_400_and_stores_nothing(string? key)
    {
        var url = await app.DefineItemAsync("keys", "d90");
        var request = new HttpRequestMessage(HttpMethod.Post, $"{url}/submissions")
        {
            Content = new StringContent("""{"price": 150000}""", Encoding.UTF8, "application/json"),
        };
        if (key is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        var response = await app.AssertStoresNothingAsync(() => app.AsParticipant("oneid-keys").SendAsync(request));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _), problem.ToString());
    }

    [Fact]
    public async Task a_body_over_the_limit_is_413_and_stores_nothing()
    {
        var url = await app.DefineItemAsync("too-big", "d90");
        var body = $$"""{"price": 150000, "padding": "{{new string('x', 1_100_000)}}"}""";

        var response = await app.AssertStoresNothingAsync(() => app.AsParticipant("oneid-big").SubmitAsync(url, body));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task submitting_needs_a_participant_token()
    {
        var url = await app.DefineItemAsync("who", "d90");

        await app.AssertStoresNothingAsync(async () =>
        {
            await (await app.Anonymous().SubmitAsync(url, """{"price": 150000}""")).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await app.WithBearer("not.a.token").SubmitAsync(url, """{"price": 150000}""")).AssertProblemAsync(HttpStatusCode.Unauthorized);
            return await (await app.AsAdmin().SubmitAsync(url, """{"price": 150000}""")).AssertProblemAsync(HttpStatusCode.Forbidden);
        });
    }

    [Theory]
    [InlineData("/api/campaigns/no-such-campaign/pricing/d90")]
    [InlineData("/api/campaigns/unknowns/pricing/no-such-item")]
    [InlineData("/api/campaigns/unknowns/pricing/NOT_A_SLUG")]
    public async Task an_unknown_campaign_or_item_is_404_and_stores_nothing(string url)
    {
        await app.DefineItemAsync("unknowns", "d90");

        var response = await app.AssertStoresNothingAsync(() => app.AsParticipant("oneid-lost").SubmitAsync(url, """{"price": 150000}"""));

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_closed_round_is_409_and_stores_nothing()
    {
        var url = await app.DefineItemAsync("closed", "d90");
        await app.AsHost().PostAsync($"{url}/close", null);

        var response = await app.AssertStoresNothingAsync(() => app.AsParticipant("oneid-late").SubmitAsync(url, """{"price": 150000}"""));

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task a_round_before_its_opening_time_is_409_and_stores_nothing()
    {
        var url = await app.DefineItemAsync("not-yet", "d90",
            """{"name": "Later", "currency": "CNY", "min": 100000, "max": 300000, "step": 1000, "mode": "direct", "opensAt": "2099-01-01T00:00:00Z"}""", open: false);

        var response = await app.AssertStoresNothingAsync(() => app.AsParticipant("oneid-early").SubmitAsync(url, """{"price": 150000}"""));

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task a_round_after_its_closing_time_is_409()
    {
        var url = await app.DefineItemAsync("past", "d90",
            """{"name": "Past", "currency": "CNY", "min": 100000, "max": 300000, "step": 1000, "mode": "direct", "opensAt": "2020-01-01T00:00:00Z", "closesAt": "2020-01-02T00:00:00Z"}""", open: false);

        var response = await app.AssertStoresNothingAsync(() => app.AsParticipant("oneid-past").SubmitAsync(url, """{"price": 150000}"""));

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
    }
}
