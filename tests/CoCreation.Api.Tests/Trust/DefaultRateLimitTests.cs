using System.Collections.Concurrent;
using System.Net;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Api.Trust.RateLimiting;
using CoCreation.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CoCreation.Api.Tests.Trust;

/// <summary>A host with the rate limits on and every policy at its default, as an operator runs it.</summary>
public sealed class DefaultRateLimitsApp : IAsyncLifetime
{
    public CoCreationApp App { get; } = CoCreationApp.On(TestDatabase.UniqueSchema("limits"),
        new Dictionary<string, string?> { ["RateLimits:Enabled"] = "true" }, ownsSchema: true);

    public Task InitializeAsync() => App.InitializeAsync();

    public Task DisposeAsync() => App.DisposeAsync();
}

public sealed class DefaultRateLimitTests(DefaultRateLimitsApp fixture) : IClassFixture<DefaultRateLimitsApp>
{
    private readonly CoCreationApp app = fixture.App;

    [Fact]
    public async Task a_price_now_spike_of_2000_people_behind_two_carrier_nat_addresses_gets_no_429()
    {
        var url = await app.DefineItemAsync("spike", "d90");
        // Each person answers, changes their mind twice, all at once; half of them behind each address.
        var people = Enumerable.Range(0, 2_000)
            .Select(i => app.Behind(i % 2 == 0 ? "203.0.113.10" : "203.0.113.11", CoCreationApp.ParticipantToken($"oneid-spike-{i}", "livestream")))
            .ToList();
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();

        await Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (person, _) =>
        {
            foreach (var price in new[] { 150_000, 152_000, 149_000 })
            {
                var response = await person.SubmitAsync(url, $$"""{"price": {{price}}}""");
                statuses.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
            }
        });

        Assert.Equal(new Dictionary<HttpStatusCode, int> { [HttpStatusCode.Created] = 6_000 }, statuses.ToDictionary());
    }

    [Fact]
    public void every_endpoint_but_the_health_checks_is_in_a_rate_limit_policy()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

        var unlimited = endpoints
            .Where(e => e.Metadata.GetMetadata<RateLimitPolicyMetadata>() is null)
            .Select(e => e.RoutePattern.RawText ?? e.DisplayName ?? "?")
            .Where(pattern => !pattern.StartsWith("/health/", StringComparison.Ordinal))
            .Distinct()
            .ToList();

        Assert.Empty(unlimited);
    }
}
