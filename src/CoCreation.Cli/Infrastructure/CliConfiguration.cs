using Microsoft.Extensions.Configuration;

namespace CoCreation.Cli.Infrastructure;

/// <summary>The same sources, in the same order, as the API's: appsettings.json, then environment variables.</summary>
internal static class CliConfiguration
{
    public static IConfiguration Build(string directory) =>
        new ConfigurationBuilder()
            .SetBasePath(directory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
}
