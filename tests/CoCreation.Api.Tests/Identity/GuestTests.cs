using System.Net;
using System.Text.Json;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Api.Tests.Pricing.Exporting;
using CoCreation.Api.Voting.Results;
using CoCreation.EventStore.Projections;
using CoCreation.Participants;
using CoCreation.Pricing;
using CoCreation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CoCreation.Api.Tests.Identity;

/// <summary>The API with the guest tier switched on, in a schema of its own.</summary>
public sealed class GuestsApp : IAsyncLifetime
{
    public const string GuestKey = "test-guest-signing-key-0123456789-abcdef";

    public CoCreationApp App { get; } = CoCreationApp.On(TestDatabase.UniqueSchema("guest"), new Dictionary<string, string?>
    {
        ["Auth:Guests:Enabled"] = "true",
        ["Auth:Guests:SigningKey"] = GuestKey,
        ["Auth:Guests:Lifetime"] = "01:00:00",
    }, ownsSchema: true);

    public Task InitializeAsync() => App.InitializeAsync();

    public Task DisposeAsync() => App.DisposeAsync();
}

public sealed class GuestTests(GuestsApp fixture) : IClassFixture<GuestsApp>
{
    private const string Question = """{"title": "Which?", "kind": "single", "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]""";

    private CoCreationApp App => fixture.App;

    private async Task<HttpClient> GuestAsync(string deviceId)
    {
        var body = await (await App.Anonymous().PostJsonAsync("/api/identity/guest", $$"""{"deviceId": "{{deviceId}}"}"""))
            .AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        return App.WithBearer(body.GetProperty("token").GetString()!);
    }

    private static string NewDevice() => $"device-{Guid.NewGuid():N}";

    /// <summary>A campaign (guests allowed or not) with an open item (guests allowed or not); returns the item's URL.</summary>
    private async Task<string> ItemAsync(bool campaignAllows, bool itemAllows)
    {
        var campaign = ExportFixtures.NewCampaign();
        Assert.True((await App.AsAdmin().PutJsonAsync($"/api/campaigns/{campaign}", $$"""{"name": "Guests", "allowGuests": {{Json(campaignAllows)}}}""")).IsSuccessStatusCode);
        var url = $"/api/campaigns/{campaign}/pricing/item";
        var item = PricingFixtures.DirectItem.Replace("\"mode\": \"direct\"", $"\"mode\": \"direct\", \"allowGuests\": {Json(itemAllows)}", StringComparison.Ordinal);
        Assert.True((await App.AsAdmin().PutJsonAsync(url, item)).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK, (await App.AsHost().PostAsync($"{url}/open", null)).StatusCode);
        return url;
    }

    private static string Json(bool value) => value ? "true" : "false";

    [Fact]
    public async Task a_device_gets_a_guest_token_that_names_no_oneid_and_not_the_device()
    {
        var device = NewDevice();
        var response = await App.Anonymous().PostJsonAsync("/api/identity/guest", $$"""{"deviceId": "{{device}}"}""");
        var body = await response.AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.InRange(body.GetProperty("expiresAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(59), DateTimeOffset.UtcNow.AddMinutes(61));

        var me = await (await App.WithBearer(body.GetProperty("token").GetString()!).GetAsync("/api/identity/me")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);

        Assert.Equal("guest", me.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, me.GetProperty("oneId").ValueKind);
        Assert.Equal("web", me.GetProperty("channel").GetString());
        Assert.StartsWith("guest:", me.GetProperty("actor").GetString());
        Assert.DoesNotContain(device, me.GetRawText());
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"deviceId": "short"}""")]
    [InlineData("""{"deviceId": "has spaces in it"}""")]
    [InlineData("""{"deviceId": "device-with-ünïcode"}""")]
    [InlineData("""{"deviceId": "device-0123456789", "channel": "fax"}""")]
    public async Task a_bad_device_id_or_channel_is_a_validation_problem_and_stores_nothing(string body)
    {
        var response = await App.AssertStoresNothingAsync(() => App.Anonymous().PostJsonAsync("/api/identity/guest", body));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name is "deviceId" or "channel");
    }

    [Fact]
    public async Task a_guest_answers_where_campaign_and_item_allow_it_and_the_export_marks_the_answer()
    {
        var url = await ItemAsync(campaignAllows: true, itemAllows: true);
        var guest = await GuestAsync(NewDevice());

        var created = await (await guest.SubmitAsync(url, """{"price": 150000}""")).AssertJsonAsync<JsonElement>(HttpStatusCode.Created);
        var person = await (await App.AsParticipant($"guest-peer-{Guid.NewGuid():N}").SubmitAsync(url, """{"price": 160000}"""))
            .AssertJsonAsync<JsonElement>(HttpStatusCode.Created);

        var sequence = Math.Max(created.GetProperty("sequence").GetInt64(), person.GetProperty("sequence").GetInt64());
        await App.WaitForStatsAsync(sequence);
        var csv = await (await App.AsAdmin().ExportAsync(url, $"kind=raw&format=csv&asOf={sequence}")).Content.ReadAsStringAsync();
        var (header, rows) = ExportFixtures.ParseCsv(csv);
        Assert.Equal("guest", header[^1]);
        Assert.Equal([("150000", "true"), ("160000", "false")], rows.Select(r => (r["price"], r["guest"])).Order());
        var stats = await (await App.Anonymous().GetAsync($"{url}/stats")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal(2, stats.GetProperty("participants").GetInt32());
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public async Task a_guest_is_forbidden_where_the_campaign_or_the_item_does_not_allow_guests_and_nothing_is_stored(bool campaignAllows, bool itemAllows)
    {
        var url = await ItemAsync(campaignAllows, itemAllows);
        var guest = await GuestAsync(NewDevice());

        var response = await App.AssertStoresNothingAsync(() => guest.SubmitAsync(url, """{"price": 150000}"""));

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Created, (await App.AsParticipant($"oneid-{Guid.NewGuid():N}").SubmitAsync(url, """{"price": 150000}""")).StatusCode);
    }

    [Fact]
    public async Task ballots_and_suggestions_each_need_their_own_guest_switch()
    {
        var campaign = ExportFixtures.NewCampaign();
        Assert.True((await App.AsAdmin().PutJsonAsync($"/api/campaigns/{campaign}", """{"name": "Guests", "allowGuests": true}""")).IsSuccessStatusCode);
        var votes = $"/api/campaigns/{campaign}/questions/votes";
        var ideas = $"/api/campaigns/{campaign}/questions/ideas";
        Assert.True((await App.AsAdmin().PutJsonAsync(votes, Question + """, "allowGuests": true}""")).IsSuccessStatusCode);
        Assert.True((await App.AsAdmin().PutJsonAsync(ideas, Question + """, "allowGuestSuggestions": true}""")).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK, (await App.AsHost().PostAsync($"{votes}/open", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await App.AsHost().PostAsync($"{ideas}/open", null)).StatusCode);
        var guest = await GuestAsync(NewDevice());

        Assert.Equal(HttpStatusCode.Created, (await PostKeyedAsync(guest, $"{votes}/ballots", """{"choices": ["a"]}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostKeyedAsync(App.AsParticipant($"oneid-{Guid.NewGuid():N}"), $"{votes}/ballots", """{"choices": ["b"]}""")).StatusCode);
        // The export is as of the vote-results projection's position, which follows the log.
        var head = await App.Store.ReadHeadSequenceAsync();
        Assert.True(await App.Services.GetRequiredService<ProjectionDaemon>().WaitForPositionAsync(VoteResults.ProjectionName, head, TimeSpan.FromSeconds(30)));
        var (_, ballots) = ExportFixtures.ParseCsv(await App.AsAdmin().GetStringAsync($"{votes}/export"));
        Assert.Equal([("a=1", "true"), ("b=1", "false")], ballots.Select(r => (r["marks"], r["guest"])).OrderBy(r => r.Item1));
        Assert.Equal(HttpStatusCode.Created, (await PostKeyedAsync(guest, $"{ideas}/suggestions", """{"text": "A bigger boot"}""")).StatusCode);
        await (await App.AssertStoresNothingAsync(() => PostKeyedAsync(guest, $"{ideas}/ballots", """{"choices": ["a"]}""")))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await App.AssertStoresNothingAsync(() => PostKeyedAsync(guest, $"{votes}/suggestions", """{"text": "A bigger boot"}""")))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        var page = await (await App.Anonymous().GetAsync($"/api/campaigns/{campaign}")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal(
            [("votes", true, false), ("ideas", false, true)],
            page.GetProperty("questions").EnumerateArray().Select(q =>
                (q.GetProperty("id").GetString(), q.GetProperty("allowGuests").GetBoolean(), q.GetProperty("allowGuestSuggestions").GetBoolean())));
    }

    [Fact]
    public async Task a_guests_events_are_marked_as_a_guests_and_carry_neither_the_device_nor_a_oneid()
    {
        var url = await ItemAsync(campaignAllows: true, itemAllows: true);
        var device = NewDevice();

        var created = await (await (await GuestAsync(device)).SubmitAsync(url, """{"price": 150000}""")).AssertJsonAsync<JsonElement>(HttpStatusCode.Created);

        var campaign = url.Split('/')[3];
        var id = await App.Services.GetRequiredService<ParticipantDirectory>()
            .ResolveGuestAsync(App.Services.GetRequiredService<Api.Identity.Guests.GuestTokens>().KeyOf(device), CancellationToken.None);
        var recorded = Assert.Single(await App.Store.ReadStreamAsync(PricingItem.SubmissionStreamId(campaign, "item", id)));
        Assert.Equal(created.GetProperty("sequence").GetInt64(), recorded.Sequence);
        Assert.Equal($"guest:{id:N}", recorded.Metadata.Actor);
        Assert.Equal(0, await Participants.ErasureTests.RowsHoldingAsync(App.Schema, device));
    }

    [Fact]
    public async Task a_oneid_whose_subject_looks_like_a_guests_is_another_person()
    {
        var url = await ItemAsync(campaignAllows: true, itemAllows: true);
        var device = NewDevice();
        var guest = await GuestAsync(device);
        var guestSubject = (await (await guest.GetAsync("/api/identity/me")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK)).GetProperty("actor").GetString()!;

        var first = await (await guest.SubmitAsync(url, """{"price": 150000}""")).AssertJsonAsync<JsonElement>(HttpStatusCode.Created);
        var second = await (await App.AsParticipant(guestSubject).SubmitAsync(url, """{"price": 160000}""")).AssertJsonAsync<JsonElement>(HttpStatusCode.Created);

        var sequence = second.GetProperty("sequence").GetInt64();
        await App.WaitForStatsAsync(Math.Max(sequence, first.GetProperty("sequence").GetInt64()));
        var (_, rows) = ExportFixtures.ParseCsv(await (await App.AsAdmin().ExportAsync(url, $"kind=raw&format=csv&asOf={sequence}")).Content.ReadAsStringAsync());
        Assert.Equal(2, rows.Select(r => r["participant"]).Distinct().Count());
    }

    [Fact]
    public async Task a_token_signed_with_the_wrong_key_for_its_tier_is_refused()
    {
        var me = "/api/identity/me";
        var guestClaims = new Dictionary<string, object> { ["sub"] = "guest:abc", ["chn"] = "web", ["aud"] = "cocreation-guest" };

        // A guest-shaped token signed with the OneID key, and a OneID-shaped token signed with the guest key.
        await (await App.WithBearer(CoCreationApp.CustomToken(guestClaims, issuer: "cocreation-guest")).GetAsync(me)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await App.WithBearer(CoCreationApp.CustomToken(new Dictionary<string, object> { ["sub"] = "someone", ["chn"] = "app" }, signingKey: GuestsApp.GuestKey))
            .GetAsync(me)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        // The guest key with the guest issuer but without the audience: still no.
        await (await App.WithBearer(CoCreationApp.CustomToken(new Dictionary<string, object> { ["sub"] = "guest:abc", ["chn"] = "web" },
            issuer: "cocreation-guest", signingKey: GuestsApp.GuestKey)).GetAsync(me)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task a_guest_is_no_admin_or_host()
    {
        var guest = await GuestAsync(NewDevice());

        await (await guest.PutJsonAsync($"/api/campaigns/{ExportFixtures.NewCampaign()}", """{"name": "Mine"}""")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await guest.DeleteAsync("/api/participants/someone")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task an_erased_guest_device_comes_back_as_a_new_participant()
    {
        var url = await ItemAsync(campaignAllows: true, itemAllows: true);
        var device = NewDevice();
        var key = App.Services.GetRequiredService<Api.Identity.Guests.GuestTokens>().KeyOf(device);
        Assert.Equal(HttpStatusCode.Created, (await (await GuestAsync(device)).SubmitAsync(url, """{"price": 150000}""")).StatusCode);
        var directory = App.Services.GetRequiredService<ParticipantDirectory>();
        var before = await directory.ResolveGuestAsync(key, CancellationToken.None);

        Assert.Equal(HttpStatusCode.NoContent, (await App.AsAdmin().DeleteAsync($"/api/participants/guests/{device}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await (await GuestAsync(device)).SubmitAsync(url, """{"price": 160000}""")).StatusCode);

        Assert.NotEqual(before, await directory.ResolveGuestAsync(key, CancellationToken.None));
        Assert.Single(await App.Store.ReadStreamAsync(ParticipantErasure.StreamId(before)));
    }

    private static Task<HttpResponseMessage> PostKeyedAsync(HttpClient client, string url, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return client.SendAsync(request);
    }
}

/// <summary>The default: no guest tier.</summary>
public sealed class GuestsOffTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    [Fact]
    public async Task without_the_guest_tier_asking_for_a_guest_token_is_not_found_and_stores_nothing()
    {
        var response = await app.AssertStoresNothingAsync(() => app.Anonymous().PostJsonAsync("/api/identity/guest", """{"deviceId": "device-0123456789"}"""));

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        await (await app.Anonymous().GetAsync("/api/identity/guest")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await app.AsAdmin().DeleteAsync("/api/participants/guests/device-0123456789")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task without_the_guest_tier_a_token_claiming_to_be_a_guests_is_refused()
    {
        var token = CoCreationApp.CustomToken(new Dictionary<string, object> { ["sub"] = "guest:abc", ["chn"] = "web", ["aud"] = "cocreation-guest" },
            issuer: "cocreation-guest", signingKey: GuestsApp.GuestKey);

        await (await app.WithBearer(token).GetAsync("/api/identity/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
