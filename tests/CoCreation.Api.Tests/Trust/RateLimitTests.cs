using System.Net;
using CoCreation.Api.Tests.Contest;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Testing;

namespace CoCreation.Api.Tests.Trust;

/// <summary>
/// A host whose participant writes allow 2 per participant and 4 per address an hour, and uploads 1 per participant:
/// small enough to run out of.
/// </summary>
public sealed class TinyRateLimitsApp : IAsyncLifetime
{
    public CoCreationApp App { get; } = CoCreationApp.On(TestDatabase.UniqueSchema("limits"), new Dictionary<string, string?>
    {
        ["RateLimits:Enabled"] = "true",
        ["RateLimits:Policies:participant-writes:ReplenishmentPeriod"] = "01:00:00",
        ["RateLimits:Policies:participant-writes:PermitsPerParticipant"] = "1",
        ["RateLimits:Policies:participant-writes:ParticipantBurst"] = "2",
        ["RateLimits:Policies:participant-writes:PermitsPerIp"] = "1",
        ["RateLimits:Policies:participant-writes:IpBurst"] = "4",
        ["RateLimits:Policies:uploads:ReplenishmentPeriod"] = "01:00:00",
        ["RateLimits:Policies:uploads:ParticipantBurst"] = "1",
    }, ownsSchema: true);

    public Task InitializeAsync() => App.InitializeAsync();

    public Task DisposeAsync() => App.DisposeAsync();
}

public sealed class RateLimitTests(TinyRateLimitsApp fixture) : IClassFixture<TinyRateLimitsApp>
{
    private readonly CoCreationApp app = fixture.App;

    private HttpClient Person(string oneId, string address) => app.From(IPAddress.Parse(address), CoCreationApp.ParticipantToken(oneId));

    [Fact]
    public async Task a_participant_over_their_limit_gets_429_with_retry_after_and_a_problem_and_nothing_is_stored()
    {
        var url = await app.DefineItemAsync("over-limit", "d90");
        var person = Person("oneid-eager", "198.51.100.1");
        Assert.Equal(HttpStatusCode.Created, (await person.SubmitAsync(url, """{"price": 150000}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await person.SubmitAsync(url, """{"price": 151000}""")).StatusCode);

        var refused = await app.AssertStoresNothingAsync(() => person.SubmitAsync(url, """{"price": 152000}"""));

        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("participant-writes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // The bucket refills once an hour (the configured period), so the wait is up to an hour, in whole seconds.
        var retryAfter = refused.Headers.RetryAfter?.Delta ?? throw new Xunit.Sdk.XunitException("Retry-After is missing.");
        Assert.InRange(retryAfter.TotalSeconds, 1, 3600);
        Assert.Equal(0, retryAfter.Milliseconds);
    }

    [Fact]
    public async Task another_participant_behind_the_same_address_is_not_held_back_by_one_over_their_limit()
    {
        var url = await app.DefineItemAsync("neighbours", "d90");
        var eager = Person("oneid-eager-neighbour", "198.51.100.2");
        for (var i = 0; i < 2; i++) await eager.SubmitAsync(url, """{"price": 150000}""");
        // Refused requests spend none of the address's 4 tokens: otherwise these alone would empty it.
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.TooManyRequests, (await eager.SubmitAsync(url, """{"price": 150000}""")).StatusCode);

        var neighbour = await Person("oneid-calm-neighbour", "198.51.100.2").SubmitAsync(url, """{"price": 160000}""");

        Assert.Equal(HttpStatusCode.Created, neighbour.StatusCode);
    }

    [Fact]
    public async Task the_per_address_limit_counts_every_participant_behind_it_and_no_other_address_and_costs_the_refused_caller_nothing()
    {
        var url = await app.DefineItemAsync("shared-address", "d90");
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await Person($"oneid-nat-{i}", "198.51.100.3").SubmitAsync(url, """{"price": 150000}""")).StatusCode);
        }

        var fifth = await app.AssertStoresNothingAsync(() => Person("oneid-nat-4", "198.51.100.3").SubmitAsync(url, """{"price": 150000}"""));
        await Person("oneid-nat-4", "198.51.100.3").SubmitAsync(url, """{"price": 150000}""");
        var elsewhere = await Person("oneid-nat-4", "198.51.100.4").SubmitAsync(url, """{"price": 150000}""");

        await fifth.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(fifth.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
    }

    [Fact]
    public async Task design_entries_have_their_own_tighter_policy_and_a_refused_upload_stores_nothing()
    {
        var contest = await app.DefineContestAsync("uploads");
        var designer = Person("oneid-designer", "198.51.100.7");
        Assert.Equal(HttpStatusCode.Created, (await designer.SubmitEntryAsync(contest, ContestFixtures.Png(1))).StatusCode);

        var second = await app.AssertStoresNothingAsync(() => designer.SubmitEntryAsync(contest, ContestFixtures.Png(2)));

        var problem = await second.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("uploads", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_limits_of_one_policy_leave_the_others_alone()
    {
        var url = await app.DefineItemAsync("other-policies", "d90");
        var person = Person("oneid-reader", "198.51.100.5");
        for (var i = 0; i < 2; i++) await person.SubmitAsync(url, """{"price": 150000}""");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await person.SubmitAsync(url, """{"price": 150000}""")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync($"{url}/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/api/identity/me")).StatusCode);
    }

    [Fact]
    public async Task callers_without_a_valid_token_are_limited_by_their_address()
    {
        var url = await app.DefineItemAsync("anonymous", "d90");
        var stranger = app.From(IPAddress.Parse("198.51.100.6"), "not-a-valid-token-at-all");
        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.SubmitAsync(url, """{"price": 150000}""")).StatusCode);

        var refused = await stranger.SubmitAsync(url, """{"price": 150000}""");

        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task ipv6_clients_share_a_bucket_per_64_prefix()
    {
        var url = await app.DefineItemAsync("ipv6", "d90");
        for (var i = 0; i < 4; i++)
        {
            var address = $"2001:db8:1:2::{i + 1:x}";
            Assert.Equal(HttpStatusCode.Created, (await Person($"oneid-v6-{i}", address).SubmitAsync(url, """{"price": 150000}""")).StatusCode);
        }

        var samePrefix = await Person("oneid-v6-4", "2001:db8:1:2:ffff::1").SubmitAsync(url, """{"price": 150000}""");
        await Person("oneid-v6-4", "2001:db8:1:2:ffff::2").SubmitAsync(url, """{"price": 150000}""");
        var otherPrefix = await Person("oneid-v6-4", "2001:db8:1:3::1").SubmitAsync(url, """{"price": 150000}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, samePrefix.StatusCode);
        Assert.Equal(HttpStatusCode.Created, otherPrefix.StatusCode);
    }
}
