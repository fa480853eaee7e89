using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CoCreation.Api.Tests.Contest;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Api.Tests.Voting;
using CoCreation.Contest;
using CoCreation.Testing;

namespace CoCreation.Api.Tests.BadInput;

/// <summary>
/// The API in a schema of its own with one of everything the endpoint table names (campaign <see cref="Campaign"/>): items,
/// questions, suggestions in every status, contests in the submission and voting stages with entries.
/// </summary>
public sealed partial class BadInputApp : IAsyncLifetime
{
    public const string Campaign = "bi";
    public const string Participant = "bad-input-person";

    // Guests on, so the guest endpoints answer their own validation rather than the tier's 404.
    public CoCreationApp App { get; } = CoCreationApp.On(TestDatabase.UniqueSchema("bad"), new Dictionary<string, string?>
    {
        ["Auth:Guests:Enabled"] = "true",
        ["Auth:Guests:SigningKey"] = "bad-input-guest-signing-key-0123456789",
    }, ownsSchema: true);

    /// <summary>Suggestions by role: approved, a second approved one (merge target), pending, merged into the target.</summary>
    public Guid Approved { get; private set; }

    public Guid Target { get; private set; }

    public Guid Pending { get; private set; }

    public Guid Merged { get; private set; }

    /// <summary>A pending suggestion left for the valid merge request.</summary>
    public Guid Loose { get; private set; }

    /// <summary>A pending entry of the contest in the submission stage, an approved one of the contest in voting.</summary>
    public Guid PendingEntry { get; private set; }

    public Guid VotingEntry { get; private set; }

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        var app = App;
        await app.DefineCampaignAsync(Campaign);
        await DefineAsync($"/api/campaigns/{Campaign}/pricing/direct", PricingFixtures.DirectItem, open: true);
        await DefineAsync($"/api/campaigns/{Campaign}/pricing/psm", PricingFixtures.PsmItem, open: true);
        await DefineAsync($"/api/campaigns/{Campaign}/pricing/rounds", PricingFixtures.DirectItem, open: false);
        await DefineAsync($"/api/campaigns/{Campaign}/pricing/defined", EndpointTable.DefinedItem, open: false);
        await DefineAsync($"/api/campaigns/{Campaign}/questions/single", VotingFixtures.SingleQuestion, open: true);
        await DefineAsync($"/api/campaigns/{Campaign}/questions/score", EndpointTable.ScoreQuestion, open: true);
        await DefineAsync($"/api/campaigns/{Campaign}/questions/points", VotingFixtures.PointsQuestion, open: true);
        await DefineAsync($"/api/campaigns/{Campaign}/questions/rounds", VotingFixtures.SingleQuestion, open: false);
        await DefineAsync($"/api/campaigns/{Campaign}/questions/defined", EndpointTable.DefinedQuestion, open: false);

        Approved = await SuggestAsync("approved one", approve: true);
        Target = await SuggestAsync("merge target", approve: true);
        Pending = await SuggestAsync("still pending", approve: false);
        Merged = await SuggestAsync("merged one", approve: true);
        Loose = await SuggestAsync("loose one", approve: false);
        var merged = await app.AsAdmin().PostJsonAsync($"/api/campaigns/{Campaign}/suggestions/{Merged}/merge", $$"""{"into": "{{Target}}"}""");
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);

        var open = await app.DefineContestAsync(Campaign, "open");
        PendingEntry = await app.SubmitAsync(open, "entrant-1", ContestFixtures.Png(1));
        var voting = await app.DefineContestAsync(Campaign, "voting");
        VotingEntry = (await app.ApprovedEntriesAsync(voting, 1, seed: 2))[0];
        await app.MoveToAsync(voting, ContestStages.Voting);
        await app.DefineContestAsync(Campaign, "stage");
    }

    public Task DisposeAsync() => App.DisposeAsync();

    /// <summary>Replaces the seeded ids the table names (<c>@approved</c>, <c>@votingEntry</c>, …) in <paramref name="text"/>.</summary>
    public string Resolve(string text) => Seeded().Replace(text, m => m.Value switch
    {
        "@approved" => Approved.ToString(),
        "@target" => Target.ToString(),
        "@pending" => Pending.ToString(),
        "@merged" => Merged.ToString(),
        "@loose" => Loose.ToString(),
        "@pendingEntry" => PendingEntry.ToString(),
        "@votingEntry" => VotingEntry.ToString(),
        var other => throw new ArgumentException($"No seeded id {other}."),
    });

    /// <summary>What the schema holds that a request could have added: events, idempotency keys, participants, images.</summary>
    public async Task<(long Events, long Keys, long Participants, long Images)> CountStoredAsync()
    {
        await using var command = App.Store.DataSource.CreateCommand($"""
            select (select count(*) from {App.Schema}.events), (select count(*) from {App.Schema}.idempotency_keys),
                   (select count(*) from {App.Schema}.participants), (select count(*) from {App.Schema}.contest_images)
            """);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    [GeneratedRegex("@[A-Za-z]+")]
    private static partial Regex Seeded();

    private async Task DefineAsync(string url, string body, bool open)
    {
        var defined = await App.AsAdmin().PutJsonAsync(url, body);
        Assert.True(defined.IsSuccessStatusCode, await defined.Content.ReadAsStringAsync());
        if (open) Assert.Equal(HttpStatusCode.OK, (await App.AsHost().PostAsync($"{url}/open", null)).StatusCode);
    }

    private async Task<Guid> SuggestAsync(string text, bool approve)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/campaigns/{Campaign}/questions/single/suggestions")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { text }), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await App.AsParticipant($"suggester-{text}").SendAsync(request);
        var id = (await response.AssertJsonAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("suggestionId").GetGuid();
        if (approve)
        {
            var moderated = await App.AsAdmin().PostJsonAsync($"/api/campaigns/{Campaign}/suggestions/{id}/moderation", """{"decision": "approve"}""");
            Assert.Equal(HttpStatusCode.OK, moderated.StatusCode);
        }
        return id;
    }
}
