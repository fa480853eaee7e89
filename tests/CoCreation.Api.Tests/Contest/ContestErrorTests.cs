using System.Net;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Contest;

namespace CoCreation.Api.Tests.Contest;

/// <summary>Every error row of the contract on the contest endpoints, each storing nothing.</summary>
public sealed class ContestErrorTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    [Fact]
    public async Task without_a_token_writes_are_401()
    {
        var url = await app.DefineContestAsync("no-token");
        var anonymous = app.Anonymous();

        foreach (var response in new[]
        {
            await app.AssertStoresNothingAsync(() => anonymous.PutJsonAsync(url, """{"title": "x"}""")),
            await app.AssertStoresNothingAsync(() => anonymous.SubmitEntryAsync(url, ContestFixtures.Png(1))),
            await app.AssertStoresNothingAsync(() => anonymous.ScoreAsync(url, Guid.NewGuid(), 3)),
            await app.AssertStoresNothingAsync(() => anonymous.PostJsonAsync($"{url}/stage", """{"stage": "voting"}""")),
            await app.AssertStoresNothingAsync(() => anonymous.GetAsync($"{url}/export")),
            await app.AssertStoresNothingAsync(() => app.WithBearer("not-a-token").SubmitEntryAsync(url, ContestFixtures.Png(1))),
        })
        {
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task the_wrong_role_is_403()
    {
        var url = await app.DefineContestAsync("roles");
        var participant = app.AsParticipant("not-an-admin");

        foreach (var response in new[]
        {
            await app.AssertStoresNothingAsync(() => participant.PutJsonAsync(url, """{"title": "x"}""")),
            await app.AssertStoresNothingAsync(() => participant.PostJsonAsync($"{url}/stage", """{"stage": "voting"}""")),
            await app.AssertStoresNothingAsync(() => participant.PostJsonAsync($"{url}/entries/{Guid.NewGuid()}/moderation", """{"decision": "approve"}""")),
            await app.AssertStoresNothingAsync(() => participant.GetAsync($"{url}/export")),
            await app.AssertStoresNothingAsync(() => app.AsHost().PostJsonAsync($"{url}/stage", """{"stage": "voting"}""")),
            await app.AssertStoresNothingAsync(() => app.AsAdmin().SubmitEntryAsync(url, ContestFixtures.Png(1))),
            await app.AssertStoresNothingAsync(() => app.AsAdmin().ScoreAsync(url, Guid.NewGuid(), 3)),
        })
        {
            await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task unknown_campaigns_contests_and_entries_are_404()
    {
        var url = await app.DefineContestAsync("unknown");
        var entries = await app.ApprovedEntriesAsync(url, 1);
        await app.MoveToAsync(url, ContestStages.Voting);
        var missing = "/api/campaigns/unknown/contests/missing";

        foreach (var response in new[]
        {
            await app.AssertStoresNothingAsync(() => app.AsAdmin().PutJsonAsync("/api/campaigns/no-such-campaign/contests/k", """{"title": "x"}""")),
            await app.AssertStoresNothingAsync(() => app.Anonymous().GetAsync(missing)),
            await app.AssertStoresNothingAsync(() => app.AsParticipant("p").SubmitEntryAsync(missing, ContestFixtures.Png(1))),
            await app.AssertStoresNothingAsync(() => app.AsParticipant("p").ScoreAsync(missing, entries[0], 3)),
            await app.AssertStoresNothingAsync(() => app.AsParticipant("p").ScoreAsync(url, Guid.NewGuid(), 3)),
            await app.AssertStoresNothingAsync(() => app.AsParticipant("p").SendAsync(Keyed($"{url}/entries/not-a-uuid/score", """{"score": 3}"""))),
            await app.AssertStoresNothingAsync(() => app.ModerateAsync(url, Guid.NewGuid(), "approve")),
            await app.AssertStoresNothingAsync(() => app.ModerateAsync(missing, entries[0], "approve")),
            await app.AssertStoresNothingAsync(() => app.AsAdmin().PostJsonAsync($"{missing}/stage", """{"stage": "voting"}""")),
            await app.AssertStoresNothingAsync(() => app.Anonymous().GetAsync($"{url}/entries/{Guid.NewGuid()}")),
            await app.AssertStoresNothingAsync(() => app.Anonymous().GetAsync($"{url}/entries/not-a-uuid")),
            await app.AssertStoresNothingAsync(() => app.Anonymous().GetAsync($"{url}/entries/{Guid.NewGuid()}/image")),
            await app.AssertStoresNothingAsync(() => app.Anonymous().GetAsync($"{missing}/leaderboard")),
            await app.AssertStoresNothingAsync(() => app.AsAdmin().GetAsync($"{missing}/export")),
        })
        {
            await response.AssertProblemAsync(HttpStatusCode.NotFound);
        }
    }

    private static HttpRequestMessage Keyed(string url, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return request;
    }

    [Theory]
    [InlineData("""{"title": ""}""")]
    [InlineData("""{"title": "ok", "description": "nul\u0000"}""")]
    [InlineData("""{"title": 5}""")]
    [InlineData("""{"title": "ok",""")]
    public async Task an_invalid_contest_definition_is_400(string body)
    {
        await app.DefineCampaignAsync("bad-contest");

        var response = await app.AssertStoresNothingAsync(() => app.AsAdmin().PutJsonAsync("/api/campaigns/bad-contest/contests/k", body));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("""{"stage": "semifinal"}""")]
    [InlineData("""{"stage": "voting", "entryIds": ["0195f1a4-0000-7000-8000-000000000001"]}""")]
    [InlineData("""{"stage": "shortlist"}""")]
    [InlineData("""{"stage": "shortlist", "entryIds": ["nope"]}""")]
    [InlineData("""{}""")]
    public async Task an_invalid_stage_request_is_400(string body)
    {
        var url = await app.DefineContestAsync("bad-stage");

        var response = await app.AssertStoresNothingAsync(() => app.AsAdmin().PostJsonAsync($"{url}/stage", body));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10001")]
    [InlineData("ten")]
    public async Task a_bad_leaderboard_limit_or_export_format_is_400(string limit)
    {
        var url = await app.DefineContestAsync("bad-query");

        await (await app.Anonymous().GetAsync($"{url}/leaderboard?limit={limit}")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await app.AsAdmin().GetAsync($"{url}/export?format=xlsx")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
