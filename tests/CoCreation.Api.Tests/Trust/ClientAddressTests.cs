using System.Net;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Testing;

namespace CoCreation.Api.Tests.Trust;

/// <summary>
/// Which address the API takes for the client, seen through the per-address limit of public reads (one read an hour
/// per address here): a second read from the same client is refused, a read from another client is not.
/// </summary>
public abstract class ClientAddressApp(IReadOnlyDictionary<string, string?> settings) : IAsyncLifetime
{
    public CoCreationApp App { get; } = CoCreationApp.On(TestDatabase.UniqueSchema("addr"), new Dictionary<string, string?>(settings)
    {
        ["RateLimits:Enabled"] = "true",
        ["RateLimits:Policies:public-reads:ReplenishmentPeriod"] = "01:00:00",
        ["RateLimits:Policies:public-reads:PermitsPerIp"] = "1",
        ["RateLimits:Policies:public-reads:IpBurst"] = "1",
    }, ownsSchema: true);

    public Task InitializeAsync() => App.InitializeAsync();

    public Task DisposeAsync() => App.DisposeAsync();
}

public sealed class DefaultProxiesApp() : ClientAddressApp(new Dictionary<string, string?>());

public sealed class ConfiguredProxiesApp() : ClientAddressApp(new Dictionary<string, string?> { ["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8" });

public sealed class ClientAddressTests(DefaultProxiesApp fixture) : IClassFixture<DefaultProxiesApp>
{
    private readonly CoCreationApp app = fixture.App;

    [Fact]
    public async Task the_address_a_loopback_proxy_forwards_is_the_client()
    {
        await app.DefineCampaignAsync("forwarded");

        var first = await app.Behind("203.0.113.20").GetAsync("/api/campaigns/forwarded");
        var again = await app.Behind("203.0.113.20").GetAsync("/api/campaigns/forwarded");
        var other = await app.Behind("203.0.113.21").GetAsync("/api/campaigns/forwarded");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await again.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task a_forwarded_address_from_an_untrusted_peer_is_ignored()
    {
        await app.DefineCampaignAsync("spoofed");
        var untrusted = IPAddress.Parse("192.0.2.30");

        var first = await app.Behind("203.0.113.30", proxy: untrusted).GetAsync("/api/campaigns/spoofed");
        var spoofed = await app.Behind("203.0.113.31", proxy: untrusted).GetAsync("/api/campaigns/spoofed");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await spoofed.AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task only_the_last_hop_is_believed_by_default()
    {
        await app.DefineCampaignAsync("chain");

        // The client may put anything in front; the proxy appends the address it saw.
        var first = await app.Behind("198.18.0.1, 203.0.113.40").GetAsync("/api/campaigns/chain");
        var forged = await app.Behind("198.18.0.2, 203.0.113.40").GetAsync("/api/campaigns/chain");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await forged.AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }
}

public sealed class ConfiguredProxyTests(ConfiguredProxiesApp fixture) : IClassFixture<ConfiguredProxiesApp>
{
    private readonly CoCreationApp app = fixture.App;

    [Fact]
    public async Task a_configured_proxy_network_is_trusted_and_replaces_loopback()
    {
        await app.DefineCampaignAsync("configured");
        var balancer = IPAddress.Parse("10.1.2.3");

        var balanced = new[]
        {
            await app.Behind("203.0.113.50", proxy: balancer).GetAsync("/api/campaigns/configured"),
            await app.Behind("203.0.113.51", proxy: balancer).GetAsync("/api/campaigns/configured"),
        };
        // Loopback is no longer a proxy: both requests count as loopback's own, whatever they forward.
        var first = await app.Behind("203.0.113.52").GetAsync("/api/campaigns/configured");
        var second = await app.Behind("203.0.113.53").GetAsync("/api/campaigns/configured");

        Assert.All(balanced, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
    }
}
