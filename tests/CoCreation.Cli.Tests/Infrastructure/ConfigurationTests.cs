using CoCreation.Cli.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CoCreation.Cli.Tests.Infrastructure;

/// <summary>The only tests in this assembly that read the process environment; they restore what they change.</summary>
public sealed class ConfigurationTests : IDisposable
{
    private const string IssuerVariable = "Auth__OneId__Issuer";
    private readonly string _directory = Directory.CreateTempSubdirectory("cocreation-cli-").FullName;

    public ConfigurationTests() =>
        File.WriteAllText(Path.Combine(_directory, "appsettings.json"),
            """
            { "Auth": { "OneId": { "Issuer": "https://from-appsettings", "SigningKey": "appsettings-key-of-more-than-thirty-two-bytes" } } }
            """);

    [Fact]
    public async Task settings_come_from_appsettings_json_in_the_directory()
    {
        var issuer = await IssuerOfMintedTokenAsync(environmentIssuer: null);

        Assert.Equal("https://from-appsettings", issuer);
    }

    [Fact]
    public async Task environment_variables_override_appsettings_json_as_in_the_api()
    {
        var issuer = await IssuerOfMintedTokenAsync(environmentIssuer: "https://from-environment");

        Assert.Equal("https://from-environment", issuer);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<string> IssuerOfMintedTokenAsync(string? environmentIssuer)
    {
        var previous = Environment.GetEnvironmentVariable(IssuerVariable);
        Environment.SetEnvironmentVariable(IssuerVariable, environmentIssuer);
        try
        {
            var result = await CliRun.RunAsync(CliConfiguration.Build(_directory), "token", "--sub", "oneid-7", "--channel", "dealer");
            Assert.True(result.ExitCode == 0, result.ToString());
            return new JsonWebToken(result.Output.Trim()).Issuer;
        }
        finally
        {
            Environment.SetEnvironmentVariable(IssuerVariable, previous);
        }
    }
}
