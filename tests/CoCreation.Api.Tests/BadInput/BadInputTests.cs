using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CoCreation.Api.Tests.BadInput;

/// <summary>
/// Every endpoint × every way a request can be wrong (<see cref="BadInputCases"/>): each answers an RFC 9457 problem
/// with a 4xx status and stores nothing, never a 5xx.
/// </summary>
public sealed class BadInputTests(BadInputApp fixture) : IClassFixture<BadInputApp>
{
    public static TheoryData<string> Cases => BadInputCases.Ids();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task a_bad_request_is_a_4xx_problem_and_stores_nothing(string id)
    {
        var broken = BadInputCases.ById[id];
        var spec = broken.Spec;
        var client = fixture.App.Server.CreateClient();
        string? key = null;
        if (broken.ReuseKey)
        {
            key = Guid.NewGuid().ToString();
            var first = await client.SendAsync(BadInputRequests.First(fixture, spec, key));
            Assert.True(first.IsSuccessStatusCode, $"The first request failed: {await first.Content.ReadAsStringAsync()}");
        }
        var before = await fixture.CountStoredAsync();

        using var request = BadInputRequests.Build(fixture, spec, broken);
        if (key is not null)
        {
            request.Headers.Remove("Idempotency-Key");
            request.Headers.Add("Idempotency-Key", key);
        }
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;

        Assert.True(status is >= 400 and < 500 || PerRowRefusal(spec, id, status, body),
            $"{id}: expected a 4xx, got {status}: {body[..Math.Min(body.Length, 2000)]}");
        if (status >= 400)
        {
            Assert.True(broken.Expected.Contains(status), $"{id}: expected {string.Join(" or ", broken.Expected)}, got {status}: {body[..Math.Min(body.Length, 2000)]}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(body);
            Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("title").GetString()));
        }
        Assert.True(before == await fixture.CountStoredAsync(), $"{id}: stored something (answered {status}: {body[..Math.Min(body.Length, 500)]})");
    }

    /// <summary>The batch reports a bad row in its per-row results: a 200 whose every row is 400.</summary>
    private static bool PerRowRefusal(EndpointSpec spec, string id, int status, string body)
    {
        if (spec.PerRow is not { } rows || status != 200 || !id.Contains($"· {rows}", StringComparison.Ordinal)) return false;
        using var results = JsonDocument.Parse(body);
        return results.RootElement.EnumerateArray().All(r => r.GetProperty("status").GetInt32() == 400);
    }

    [Fact]
    public void every_endpoint_with_a_body_or_route_ids_is_in_the_table()
    {
        var endpoints = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(method => (
                Name: $"{method} {RouteOf(e)}",
                NeedsRow: e.RoutePattern.Parameters.Count > 0 || e.Metadata.GetMetadata<IAcceptsMetadata>() is not null)))
            .ToList();
        var table = EndpointTable.All.Select(s => $"{s.Method} {s.Route}").ToHashSet(StringComparer.Ordinal);

        var missing = endpoints.Where(e => e.NeedsRow && !table.Contains(e.Name)).Select(e => e.Name).Distinct().Order().ToList();
        var stale = table.Where(t => !endpoints.Any(e => e.Name == t)).Order().ToList();

        Assert.True(missing.Count == 0, $"Endpoints missing from EndpointTable.All: {string.Join("; ", missing)}");
        Assert.True(stale.Count == 0, $"EndpointTable.All rows with no such endpoint: {string.Join("; ", stale)}");
    }

    /// <summary>The route as written in the table: a group's own "" route has a trailing slash in the pattern.</summary>
    private static string RouteOf(RouteEndpoint endpoint) => endpoint.RoutePattern.RawText is { Length: > 1 } raw ? raw.TrimEnd('/') : endpoint.RoutePattern.RawText ?? "";

    [Fact]
    public void every_row_breaks_its_request_in_each_way_that_applies()
    {
        foreach (var spec in EndpointTable.All)
        {
            var cases = BadInputCases.ById.Values.Where(c => c.Spec == spec).ToList();
            Assert.True(cases.Count > 0, $"{spec.Name} has no bad-input cases.");
            if (spec.Caller != Caller.Public) Assert.Contains(cases, c => c.Expected.SequenceEqual([401]));
            if (spec.Keyed) Assert.Contains(cases, c => c.ReuseKey);
            if (spec.HasJsonBody) Assert.Contains(cases, c => c.Id.Contains("long overflow", StringComparison.Ordinal) || !spec.Json!.Any(char.IsAsciiDigit));
        }
    }
}

/// <summary>The table's valid requests are accepted, so every bad-input case breaks exactly one thing of a request that works.</summary>
public sealed class ValidRequestTests(BadInputApp fixture) : IClassFixture<BadInputApp>
{
    public static TheoryData<string> Rows()
    {
        var data = new TheoryData<string>();
        foreach (var spec in EndpointTable.All.Where(s => !s.SkipValidRequest)) data.Add(spec.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task the_valid_request_of_every_row_is_accepted(string name)
    {
        var spec = EndpointTable.All.Single(s => s.Name == name);

        var response = await fixture.App.Server.CreateClient().SendAsync(BadInputRequests.Build(fixture, spec));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 2000)]}");
        if (spec.PerRow is not null)
        {
            using var results = JsonDocument.Parse(body);
            Assert.All(results.RootElement.EnumerateArray(), r => Assert.Equal((int)HttpStatusCode.Created, r.GetProperty("status").GetInt32()));
        }
    }
}
