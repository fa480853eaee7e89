using System.Net;
using System.Net.Http.Headers;
using CoCreation.Api.Tests.Contest;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Tests.Trust;

public sealed class RequestLimitTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    private static string Nested(int depth) => $$"""{"price": 150000, "note": {{new string('[', depth - 1)}}{{new string(']', depth - 1)}}}""";

    [Fact]
    public async Task json_nested_deeper_than_16_levels_is_400_and_stores_nothing()
    {
        var url = await app.DefineItemAsync("deep-json", "d90");

        var response = await app.AssertStoresNothingAsync(() => app.AsParticipant("oneid-deep").SubmitAsync(url, Nested(20)));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task json_within_the_depth_limit_is_read_as_usual()
    {
        var url = await app.DefineItemAsync("shallow-json", "d90");

        var response = await app.AsParticipant("oneid-shallow").SubmitAsync(url, Nested(12));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task a_token_whose_oneid_is_longer_than_256_characters_is_401()
    {
        var url = await app.DefineItemAsync("long-sub", "d90");

        var response = await app.AssertStoresNothingAsync(() =>
            app.WithBearer(CoCreationApp.CustomToken(new Dictionary<string, object> { ["sub"] = new string('x', 300), ["chn"] = "app" }))
                .SubmitAsync(url, """{"price": 150000}"""));

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("256", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_entry_form_with_too_many_fields_is_400_and_stores_nothing()
    {
        var contest = await app.DefineContestAsync("many-fields");
        var form = new MultipartFormDataContent { { new StringContent("Grille"), "title" } };
        for (var i = 0; i < 20; i++) form.Add(new StringContent("x"), $"extra{i}");
        var image = new ByteArrayContent(ContestFixtures.Png(1));
        image.Headers.ContentType = MediaTypeHeaderValue.Parse("image/png");
        form.Add(image, "image", "grille.png");
        var request = new HttpRequestMessage(HttpMethod.Post, $"{contest}/entries") { Content = form };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        var response = await app.AssertStoresNothingAsync(() => app.AsParticipant("oneid-fields").SendAsync(request));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("form", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task an_entry_form_part_with_too_many_headers_is_400_and_stores_nothing()
    {
        var contest = await app.DefineContestAsync("many-headers");
        var title = new StringContent("Grille");
        for (var i = 0; i < 10; i++) title.Headers.Add($"X-Part-{i}", "x");
        var form = new MultipartFormDataContent { { title, "title" } };
        var image = new ByteArrayContent(ContestFixtures.Png(2));
        image.Headers.ContentType = MediaTypeHeaderValue.Parse("image/png");
        form.Add(image, "image", "grille.png");
        var request = new HttpRequestMessage(HttpMethod.Post, $"{contest}/entries") { Content = form };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        var response = await app.AssertStoresNothingAsync(() => app.AsParticipant("oneid-headers").SendAsync(request));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public void kestrel_takes_its_default_limits_for_slow_and_idle_clients()
    {
        var limits = app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

        Assert.Equal(TimeSpan.FromSeconds(10), limits.RequestHeadersTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), limits.KeepAliveTimeout);
        Assert.Equal(1024, limits.MinRequestBodyDataRate!.BytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(10), limits.MinRequestBodyDataRate.GracePeriod);
        Assert.Equal(1024 * 1024, limits.MaxRequestBodySize);
        Assert.Null(limits.MaxConcurrentConnections);
    }
}

public sealed class ConfiguredRequestLimitsTests
{
    [Fact]
    public async Task kestrels_limits_are_read_from_configuration()
    {
        await using var app = CoCreationApp.On(TestDatabase.UniqueSchema("limits"), new Dictionary<string, string?>
        {
            ["Limits:RequestHeadersTimeout"] = "00:00:03",
            ["Limits:KeepAliveTimeout"] = "00:00:20",
            ["Limits:MinRequestBodyBytesPerSecond"] = "4096",
            ["Limits:MinRequestBodyGracePeriod"] = "00:00:02",
            ["Limits:MaxConcurrentConnections"] = "5000",
            ["Limits:MaxConcurrentUpgradedConnections"] = "20000",
        }, ownsSchema: true);
        await app.InitializeAsync();

        var limits = app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

        Assert.Equal((TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(20), 4096.0, TimeSpan.FromSeconds(2), (long?)5000, (long?)20000),
            (limits.RequestHeadersTimeout, limits.KeepAliveTimeout, limits.MinRequestBodyDataRate!.BytesPerSecond,
                limits.MinRequestBodyDataRate.GracePeriod, limits.MaxConcurrentConnections, limits.MaxConcurrentUpgradedConnections));
    }

    [Theory]
    [InlineData("Limits:MinRequestBodyGracePeriod", "00:00:00.500", "Limits:MinRequestBodyGracePeriod")]
    [InlineData("Limits:MaxJsonDepth", "2", "Limits:MaxJsonDepth")]
    [InlineData("Limits:MaxConcurrentConnections", "0", "Limits:MaxConcurrentConnections")]
    [InlineData("RateLimits:Policies:participant-writes:IpBurst", "0", "RateLimits:Policies:participant-writes:IpBurst")]
    [InlineData("RateLimits:Policies:participant-writs:IpBurst", "10", "RateLimits:Policies:participant-writs is not a policy")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/33", "ForwardedHeaders:KnownNetworks:0")]
    public async Task a_limit_that_makes_no_sense_stops_start_up_naming_the_setting(string setting, string value, string named)
    {
        await using var app = CoCreationApp.On(TestDatabase.UniqueSchema("limits"), new Dictionary<string, string?> { [setting] = value }, ownsSchema: true);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(app.InitializeAsync);

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }
}
