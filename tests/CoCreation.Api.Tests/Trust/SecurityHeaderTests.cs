using System.Net;
using CoCreation.Api.Tests.Contest;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Testing;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Tests.Trust;

public sealed class SecurityHeaderTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    private static void AssertUniformHeaders(HttpResponseMessage response, string frameOptions = "DENY")
    {
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Single(response, "Referrer-Policy"));
        Assert.Equal(frameOptions, Single(response, "X-Frame-Options"));
        Assert.Equal("same-origin", Single(response, "Cross-Origin-Opener-Policy"));
        Assert.Contains("camera=()", Single(response, "Permissions-Policy"), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors", Single(response, "Content-Security-Policy"), StringComparison.Ordinal);
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values : [], v => v is not null);

    [Fact]
    public async Task an_api_response_carries_the_headers_a_policy_that_loads_nothing_and_no_store()
    {
        await app.DefineCampaignAsync("headers");

        var response = await app.Anonymous().GetAsync("/api/campaigns/headers");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertUniformHeaders(response);
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Single(response, "Content-Security-Policy"));
        Assert.True(response.Headers.CacheControl?.NoStore, response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("/api/campaigns/no-such-campaign", HttpStatusCode.NotFound)]
    [InlineData("/api/identity/me", HttpStatusCode.Unauthorized)]
    [InlineData("/nothing/here", HttpStatusCode.NotFound)]
    public async Task an_error_response_carries_them_too(string path, HttpStatusCode status)
    {
        var response = await app.Anonymous().GetAsync(path);

        await response.AssertProblemAsync(status);
        AssertUniformHeaders(response);
    }

    [Fact]
    public async Task a_body_the_api_cannot_read_is_a_problem_with_the_headers()
    {
        var url = await app.DefineItemAsync("headers-bad-body", "d90");

        var response = await app.AsParticipant("oneid-headers").SubmitAsync(url, """{"price": "many"}""");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        AssertUniformHeaders(response);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Theory]
    [InlineData("/host/{0}")]
    [InlineData("/c/{0}")]
    public async Task pages_other_than_the_overlay_may_not_be_framed_and_run_only_the_apps_own_scripts(string path)
    {
        await app.DefineCampaignAsync("headers-pages");

        var response = await app.Anonymous().GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, "headers-pages"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertUniformHeaders(response);
        var policy = Single(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-inline'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-eval'", policy, StringComparison.Ordinal);
        Assert.EndsWith("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoCache, "pages keep their own Cache-Control");
    }

    [Fact]
    public async Task the_overlay_may_be_framed_by_the_app_itself_by_default()
    {
        await app.DefineCampaignAsync("headers-overlay");

        var response = await app.Anonymous().GetAsync("/overlay/headers-overlay");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertUniformHeaders(response, frameOptions: "SAMEORIGIN");
        var policy = Single(response, "Content-Security-Policy");
        Assert.EndsWith("frame-ancestors 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-inline'", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_approved_entrys_image_keeps_its_own_immutable_caching()
    {
        var contest = await app.DefineContestAsync("headers-images");
        var entry = await app.SubmitAsync(contest, "oneid-painter", ContestFixtures.Png(3));
        Assert.Equal(HttpStatusCode.OK, (await app.ModerateAsync(contest, entry, "approve")).StatusCode);

        var response = await app.Anonymous().GetAsync($"{contest}/entries/{entry}/image");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task https_requests_get_hsts_and_plain_ones_do_not()
    {
        var secure = new HttpClient(app.Server.CreateHandler()) { BaseAddress = new Uri("https://cocreation.example/") };
        var plain = new HttpClient(app.Server.CreateHandler()) { BaseAddress = new Uri("http://cocreation.example/") };

        var overHttps = await secure.GetAsync("/api/campaigns");
        var overHttp = await plain.GetAsync("/api/campaigns");

        Assert.StartsWith("max-age=", Single(overHttps, "Strict-Transport-Security"), StringComparison.Ordinal);
        Assert.False(overHttp.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task a_trusted_balancer_that_ended_tls_makes_the_request_https_and_an_untrusted_peer_does_not()
    {
        var site = new Uri("http://cocreation.example/");
        var viaBalancer = app.Behind("203.0.113.60", baseAddress: site);
        var viaStranger = app.Behind("203.0.113.61", proxy: IPAddress.Parse("192.0.2.61"), baseAddress: site);
        viaBalancer.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        viaStranger.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var balanced = await viaBalancer.GetAsync("/api/campaigns");
        var claimed = await viaStranger.GetAsync("/api/campaigns");

        Assert.StartsWith("max-age=", Single(balanced, "Strict-Transport-Security"), StringComparison.Ordinal);
        Assert.False(claimed.Headers.Contains("Strict-Transport-Security"));
    }
}

public sealed class FramedOverlayApp : IAsyncLifetime
{
    public CoCreationApp App { get; } = CoCreationApp.On(TestDatabase.UniqueSchema("frames"), new Dictionary<string, string?>
    {
        ["SecurityHeaders:OverlayFrameAncestors"] = "'self' https://tools.example.com",
    }, ownsSchema: true);

    public Task InitializeAsync() => App.InitializeAsync();

    public Task DisposeAsync() => App.DisposeAsync();
}

public sealed class OverlayFramingTests(FramedOverlayApp fixture) : IClassFixture<FramedOverlayApp>
{
    [Fact]
    public async Task an_operator_may_let_a_hosts_web_tool_frame_the_overlay_and_nothing_else()
    {
        await fixture.App.DefineCampaignAsync("framed");

        var overlay = await fixture.App.Anonymous().GetAsync("/overlay/framed");
        var host = await fixture.App.Anonymous().GetAsync("/host/framed");

        Assert.EndsWith("frame-ancestors 'self' https://tools.example.com", Assert.Single(overlay.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        // X-Frame-Options cannot name another origin; browsers that know CSP follow frame-ancestors.
        Assert.False(overlay.Headers.Contains("X-Frame-Options"));
        Assert.Equal("DENY", Assert.Single(host.Headers.GetValues("X-Frame-Options")));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("https://a.example; script-src *")]
    [InlineData("")]
    public async Task an_overlay_framing_rule_that_is_not_a_list_of_origins_stops_start_up(string value)
    {
        await using var app = CoCreationApp.On(TestDatabase.UniqueSchema("frames"),
            new Dictionary<string, string?> { ["SecurityHeaders:OverlayFrameAncestors"] = value }, ownsSchema: true);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(app.InitializeAsync);

        Assert.Contains("SecurityHeaders:OverlayFrameAncestors", failure.Message, StringComparison.Ordinal);
    }
}
