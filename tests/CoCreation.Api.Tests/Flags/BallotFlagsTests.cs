using System.Globalization;
using System.Net;
using System.Text.Json;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Api.Tests.Pricing.Exporting;
using CoCreation.Api.Tests.Trust;
using CoCreation.Api.Tests.Voting;
using CoCreation.Api.Voting.Results;
using CoCreation.EventStore.Projections;
using CoCreation.Voting;
using Microsoft.Extensions.DependencyInjection;

namespace CoCreation.Api.Tests.Flags;

/// <summary>Abuse signals on ballots and the raw ballots export with pseudonyms and flags.</summary>
public sealed class BallotFlagsTests(FlagsApp fixture) : IClassFixture<FlagsApp>
{
    private CoCreationApp App => fixture.App;

    private async Task<long> VoteAsync(string url, string oneId, string from, string ballot, int? dwellMs)
    {
        var client = App.From(IPAddress.Parse(from), CoCreationApp.ParticipantToken(oneId));
        var created = await (await client.VoteAsync(url, FlagsFixtures.WithDwell(ballot, dwellMs))).AssertJsonAsync<JsonElement>(HttpStatusCode.Created);
        return created.GetProperty("sequence").GetInt64();
    }

    private async Task WaitForResultsAsync(long sequence) =>
        Assert.True(await App.Services.GetRequiredService<ProjectionDaemon>().WaitForPositionAsync(VoteResults.ProjectionName, sequence, TimeSpan.FromSeconds(30)));

    [Fact]
    public async Task the_ballots_export_holds_each_persons_current_ballot_with_its_signals_and_flags()
    {
        var campaign = FlagsFixtures.Unique("vote");
        var url = await App.DefineQuestionAsync(campaign, "seats", VotingFixtures.PointsQuestion);
        var slow = FlagsFixtures.Unique("slow");
        var quick = FlagsFixtures.Unique("quick");
        var changer = FlagsFixtures.Unique("changer");
        await VoteAsync(url, slow, "192.0.2.5", """{"allocation": {"range": 60, "power": 40}}""", 9_000);
        await VoteAsync(url, quick, "192.0.2.6", """{"allocation": {"comfort": 100}}""", 400);
        long last = 0;
        for (var i = 0; i < 6; i++) last = await VoteAsync(url, changer, "198.51.100.1", $$$"""{"allocation": {"power": {{{10 + i}}}}}""", 5_000);
        var bots = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            var oneId = FlagsFixtures.Unique("bot");
            return (oneId, await VoteAsync(url, oneId, $"203.0.113.{i + 1}", """{"allocation": {"range": 100}}""", 3_000));
        }));
        last = Math.Max(last, bots.Max(b => b.Item2));
        await WaitForResultsAsync(last);

        var response = await App.AsAdmin().GetAsync($"{url}/export?asOf={last}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"attachment; filename=\"{campaign}-seats-ballots-asof-{last}.csv\"", response.Content.Headers.ContentDisposition?.ToString());
        var (header, list) = ExportFixtures.ParseCsv(await response.Content.ReadAsStringAsync());
        Assert.Equal(["participant", "marks", "channel", "region", "age_band", "submitted_at", "sequence", "dwell_ms", "replaced_count", "network", "flags", "guest"], header);
        var rows = list.ToDictionary(r => r["participant"], StringComparer.Ordinal);
        Assert.Equal(23, rows.Count);
        var slowRow = rows[await App.PseudonymAsync(slow)];
        Assert.Equal(("power=40;range=60", "9000", "0", "", FlagsFixtures.Network("192.0.2.0/24")),
            (slowRow["marks"], slowRow["dwell_ms"], slowRow["replaced_count"], slowRow["flags"], slowRow["network"]));
        Assert.Equal("fast", rows[await App.PseudonymAsync(quick)]["flags"]);
        var changed = rows[await App.PseudonymAsync(changer)];
        Assert.Equal(("power=15", "5", "replaced"), (changed["marks"], changed["replaced_count"], changed["flags"]));
        foreach (var (oneId, _) in bots) Assert.Equal("burst", rows[await App.PseudonymAsync(oneId)]["flags"]);

        // The flagged ballots count in the live results.
        Assert.Equal(23, (await App.ResultsAsync(url)).Participants);

        var kept = await (await App.AsAdmin().GetAsync($"{url}/export?format=json&asOf={last}&excludeFlagged=true")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        var only = Assert.Single(kept.GetProperty("rows").EnumerateArray());
        Assert.Equal(await App.PseudonymAsync(slow), only.GetProperty("participant").GetString());
        Assert.Equal(60, only.GetProperty("marks").GetProperty("range").GetInt32());
        Assert.Equal(9_000, only.GetProperty("dwellMs").GetInt32());
        Assert.Empty(only.GetProperty("flags").EnumerateArray());
        Assert.Equal(last, kept.GetProperty("asOf").GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task a_ballot_records_its_dwell_and_network_and_an_invalid_dwell_is_refused_with_nothing_stored()
    {
        var campaign = FlagsFixtures.Unique("vote");
        var url = await App.DefineQuestionAsync(campaign, "seats");
        var oneId = FlagsFixtures.Unique("p");
        var client = App.From(IPAddress.Parse("2001:db8:5:6::7"), CoCreationApp.ParticipantToken(oneId));

        var refused = await App.AssertStoresNothingAsync(() => client.VoteAsync(url, """{"choices": ["five"], "dwellMs": 86400001}"""));
        var problem = await refused.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("dwellMs", out _), problem.GetRawText());
        await VoteAsync(url, oneId, "2001:db8:5:6::7", """{"choices": ["five"]}""", 2_500);

        var stored = Assert.Single(await App.Store.ReadStreamAsync(Question.BallotStreamId(campaign, "seats", await App.ParticipantAsync(oneId))));
        var ballot = Assert.IsType<BallotCast>(stored.Data);
        Assert.Equal(2_500, ballot.DwellMs);
        Assert.Equal(FlagsFixtures.Network("2001:db8:5::/48"), ballot.Network);
    }

    [Fact]
    public async Task the_ballots_export_is_for_admins_of_known_questions_and_checks_its_query()
    {
        var campaign = FlagsFixtures.Unique("vote");
        var url = await App.DefineQuestionAsync(campaign, "seats");

        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Anonymous().GetAsync($"{url}/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await App.AsHost().GetAsync($"{url}/export")).StatusCode);
        await (await App.AsAdmin().GetAsync($"/api/campaigns/{campaign}/questions/nope/export")).AssertProblemAsync(HttpStatusCode.NotFound);
        foreach (var query in new[] { "format=xml", "asOf=0", "asOf=999999999", "excludeFlagged=slow" })
        {
            await (await App.AsAdmin().GetAsync($"{url}/export?{query}")).AssertProblemAsync(HttpStatusCode.BadRequest);
        }
        var empty = await App.AsAdmin().GetAsync($"{url}/export");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        var asOf = long.Parse(Assert.Single(empty.Headers.GetValues("X-As-Of-Sequence")), CultureInfo.InvariantCulture);
        Assert.True(asOf > 0);
        Assert.Empty(ExportFixtures.ParseCsv(await empty.Content.ReadAsStringAsync()).Rows);
    }
}
