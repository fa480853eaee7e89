using System.Net;
using System.Text.RegularExpressions;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Testing;

namespace CoCreation.Api.Tests.Infrastructure;

/// <summary>No Docker engine runs here, so the compose file's demo settings are checked against the real start-up validation.</summary>
public sealed partial class DockerComposeTests
{
    [Fact]
    public async Task the_demo_settings_in_docker_compose_start_the_api_and_let_its_admin_in()
    {
        var compose = await File.ReadAllLinesAsync(Path.Combine(RepositoryRoot(), "docker-compose.yml"));
        var settings = compose.Select(line => Setting().Match(line)).Where(m => m.Success)
            .ToDictionary(m => m.Groups["key"].Value.Replace("__", ":", StringComparison.Ordinal), m => (string?)m.Groups["value"].Value);
        Assert.Contains("Auth:AdminKeys:0", settings.Keys);
        Assert.Contains("Auth:OneId:SigningKey", settings.Keys);

        await using var app = CoCreationApp.On(TestDatabase.UniqueSchema("compose"), settings, ownsSchema: true);
        await app.InitializeAsync();

        var response = await app.WithBearer(settings["Auth:AdminKeys:0"]!).GetAsync("/api/admin/projections");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync("/api/campaigns/d90")).StatusCode);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CoCreation.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("CoCreation.sln not found above the test binaries.");
    }

    [GeneratedRegex("""^\s+(?<key>Auth__\w+|Pseudonym__Key|Live__OverlayTokenKey|Demo__Seed):\s*"(?<value>[^"]*)"\s*$""")]
    private static partial Regex Setting();
}
