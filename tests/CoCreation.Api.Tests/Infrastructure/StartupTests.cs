using System.Net;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Testing;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Tests.Infrastructure;

public sealed class StartupTests
{
    [Fact]
    public async Task two_hosts_starting_together_on_one_schema_both_bootstrap_it()
    {
        var schema = TestDatabase.UniqueSchema("api");
        await using var first = CoCreationApp.On(schema, ownsSchema: true);
        await using var second = CoCreationApp.On(schema);

        await Task.WhenAll(first.InitializeAsync(), second.InitializeAsync());

        Assert.Equal(HttpStatusCode.OK, (await first.Anonymous().GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.Anonymous().GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task a_host_restarting_on_an_existing_schema_starts()
    {
        var schema = TestDatabase.UniqueSchema("api");
        await using var again = CoCreationApp.On(schema, ownsSchema: true);
        await using (var first = CoCreationApp.On(schema))
        {
            await first.InitializeAsync();
        }

        await again.InitializeAsync();

        Assert.Equal(HttpStatusCode.OK, (await again.Anonymous().GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task a_short_signing_key_stops_start_up_naming_the_setting()
    {
        await using var app = CoCreationApp.On(TestDatabase.UniqueSchema("api"),
            new Dictionary<string, string?> { ["Auth:OneId:SigningKey"] = "too-short" }, ownsSchema: true);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(app.InitializeAsync);

        Assert.Contains("Auth:OneId:SigningKey", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("too-short", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("too-short", "1.00:00:00", "Auth:Guests:SigningKey")]
    [InlineData(CoCreationApp.SigningKey, "1.00:00:00", "Auth:Guests:SigningKey")]
    [InlineData("test-guest-signing-key-0123456789-abcdef", "00:00:00", "Auth:Guests:Lifetime")]
    public async Task guests_enabled_without_a_key_of_their_own_or_a_sane_lifetime_stop_start_up_naming_the_setting(string key, string lifetime, string setting)
    {
        await using var app = CoCreationApp.On(TestDatabase.UniqueSchema("api"), new Dictionary<string, string?>
        {
            ["Auth:Guests:Enabled"] = "true",
            ["Auth:Guests:SigningKey"] = key,
            ["Auth:Guests:Lifetime"] = lifetime,
        }, ownsSchema: true);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(app.InitializeAsync);

        Assert.Contains(setting, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_short_overlay_token_key_stops_start_up_naming_the_setting()
    {
        await using var app = CoCreationApp.On(TestDatabase.UniqueSchema("api"),
            new Dictionary<string, string?> { ["Live:OverlayTokenKey"] = "too-short" }, ownsSchema: true);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(app.InitializeAsync);

        Assert.Contains("Live:OverlayTokenKey", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("too-short", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Auth:OneId:SigningKey", "")]
    [InlineData("Auth:OneId:SigningKey", "short-key-in-production")]
    [InlineData("Pseudonym:Key", "")]
    [InlineData("Live:OverlayTokenKey", "")]
    [InlineData("Auth:AdminKeys:0", "short")]
    public async Task in_production_a_missing_or_short_key_stops_start_up_naming_the_setting(string setting, string value)
    {
        await using var app = CoCreationApp.On(TestDatabase.UniqueSchema("api"),
            new Dictionary<string, string?> { ["environment"] = "Production", [setting] = value }, ownsSchema: true);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(app.InitializeAsync);

        Assert.Contains(setting, failure.Message, StringComparison.Ordinal);
        if (value.Length > 0) Assert.DoesNotContain(value, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_missing_connection_string_stops_start_up_naming_the_setting()
    {
        await using var app = CoCreationApp.On(TestDatabase.UniqueSchema("api"),
            new Dictionary<string, string?> { ["ConnectionStrings:CoCreation"] = "" });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(app.InitializeAsync);

        Assert.Contains("ConnectionStrings:CoCreation", failure.Message, StringComparison.Ordinal);
    }
}
