using CoCreation.OneId;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CoCreation.Cli.Tests.Tokens;

public sealed class TokenCommandTests
{
    private const string Issuer = "https://oneid.test.cocreation.local";
    private const string SigningKey = "cli-tests-oneid-signing-key-of-more-than-32-bytes";

    private static readonly Microsoft.Extensions.Configuration.IConfiguration OneId =
        CliRun.Settings(("Auth:OneId:Issuer", Issuer), ("Auth:OneId:SigningKey", SigningKey));

    [Fact]
    public async Task a_minted_token_validates_with_the_apis_issuer_and_key_and_carries_sub_chn_and_exp()
    {
        var result = await CliRun.RunAsync(OneId, "token", "--sub", "oneid-42", "--channel", "wechat", "--lifetime", "30m");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.Error);
        var token = result.Output.TrimEnd('\n', '\r');
        Assert.DoesNotContain('\n', token);
        var validation = await Validate(token, SigningKey);
        Assert.True(validation.IsValid, validation.Exception?.ToString());
        Assert.Equal("oneid-42", validation.Claims[OneIdTokens.SubjectClaim]);
        Assert.Equal("wechat", validation.Claims[OneIdTokens.ChannelClaim]);
        var expires = ((JsonWebToken)validation.SecurityToken).ValidTo;
        var expected = DateTime.UtcNow.AddMinutes(30);
        Assert.InRange(expires, expected.AddMinutes(-2), expected.AddMinutes(1));
    }

    [Fact]
    public async Task the_default_lifetime_is_a_day_and_days_are_accepted()
    {
        var byDefault = await CliRun.RunAsync(OneId, "token", "--sub", "oneid-1", "--channel", "app");
        var week = await CliRun.RunAsync(OneId, "token", "--sub", "oneid-1", "--channel", "app", "--lifetime", "7d");

        var day = ((JsonWebToken)(await Validate(byDefault.Output.Trim(), SigningKey)).SecurityToken).ValidTo;
        var seven = ((JsonWebToken)(await Validate(week.Output.Trim(), SigningKey)).SecurityToken).ValidTo;
        Assert.InRange(day, DateTime.UtcNow.AddHours(23), DateTime.UtcNow.AddHours(25));
        Assert.InRange(seven, DateTime.UtcNow.AddDays(6.9), DateTime.UtcNow.AddDays(7.1));
    }

    [Fact]
    public async Task a_token_signed_with_another_key_does_not_validate()
    {
        var result = await CliRun.RunAsync(OneId, "token", "--sub", "oneid-42", "--channel", "app");

        Assert.False((await Validate(result.Output.Trim(), "another-key-of-more-than-thirty-two-bytes!")).IsValid);
    }

    [Fact]
    public async Task an_unknown_channel_is_refused_with_the_known_ones_and_no_token()
    {
        var result = await CliRun.RunAsync(OneId, "token", "--sub", "oneid-42", "--channel", "tiktok");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Contains("tiktok", result.Error, StringComparison.Ordinal);
        Assert.All(Channels.All, channel => Assert.Contains(channel, result.Error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_missing_signing_key_and_issuer_are_named_on_stderr()
    {
        var result = await CliRun.RunAsync(CliRun.Settings(), "token", "--sub", "oneid-42", "--channel", "app");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Contains("Auth:OneId:SigningKey", result.Error, StringComparison.Ordinal);
        Assert.Contains("Auth:OneId:Issuer", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_signing_key_shorter_than_32_bytes_is_refused_as_the_api_would()
    {
        var settings = CliRun.Settings(("Auth:OneId:Issuer", Issuer), ("Auth:OneId:SigningKey", "too-short"));

        var result = await CliRun.RunAsync(settings, "token", "--sub", "oneid-42", "--channel", "app");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("at least 32 bytes", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("forever")]
    [InlineData("0m")]
    [InlineData("-5m")]
    public async Task a_lifetime_that_is_not_a_positive_duration_is_a_usage_error(string lifetime)
    {
        var result = await CliRun.RunAsync(OneId, "token", "--sub", "oneid-42", "--channel", "app", "--lifetime", lifetime);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Contains("--lifetime", result.Error, StringComparison.Ordinal);
    }

    private static Task<TokenValidationResult> Validate(string token, string key) =>
        new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidateAudience = false,
            RequireExpirationTime = true,
            IssuerSigningKey = OneIdTokens.SigningKey(key),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        });
}
