using System.Net;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;

namespace CoCreation.Api.Tests.Live.Pages;

public sealed class LivePagesTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    [Theory]
    [InlineData("/overlay/{0}", "'self'")]
    [InlineData("/host/{0}", "'none'")]
    [InlineData("/c/{0}", "'none'")]
    public async Task each_page_is_html_with_a_policy_that_allows_only_the_apps_own_files(string path, string frameAncestors)
    {
        var campaign = $"pages-{Guid.NewGuid():N}"[..20];
        await app.DefineCampaignAsync(campaign);

        var response = await app.Anonymous().GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, campaign));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        Assert.EndsWith($"frame-ancestors {frameAncestors}", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/overlay/Not_A_Slug")]
    [InlineData("/host/-bad")]
    [InlineData("/c/no-such-campaign-here")]
    public async Task a_page_of_an_invalid_or_unknown_campaign_is_a_404_problem(string path)
    {
        var response = await app.Anonymous().GetAsync(path);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task the_signalr_browser_client_comes_from_the_npm_package_at_build_time()
    {
        var response = await app.Anonymous().GetAsync("/lib/signalr.min.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        var script = await response.Content.ReadAsStringAsync();
        var packaged = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "src", "CoCreation.Api", "ClientApp", "node_modules",
            "@microsoft", "signalr", "dist", "browser", "signalr.min.js"));
        Assert.Equal(packaged, script);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CoCreation.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }
}
