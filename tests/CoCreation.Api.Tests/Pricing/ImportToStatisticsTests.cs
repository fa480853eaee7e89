extern alias cli;

using System.Globalization;
using System.Net;
using System.Text.Json;
using CoCreation.Api.Pricing.Statistics;
using CoCreation.Api.Tests.Hosting;
using CoCreation.EventStore.Projections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ToolCli = cli::CoCreation.Cli.Cli;

namespace CoCreation.Api.Tests.Pricing;

/// <summary>The command-line import and the API side by side: one log, one key space, one set of live statistics.</summary>
public sealed class ImportToStatisticsTests(CoCreationApp app) : IClassFixture<CoCreationApp>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cocreation-import-").FullName;

    [Fact]
    public async Task imported_answers_reach_the_live_statistics_and_the_same_rows_sent_as_a_batch_only_replay()
    {
        var url = await app.DefineItemAsync("import", "d90", open: false);
        var random = new Random(11);
        var rows = Enumerable.Range(0, 1_200).Select(_ => (
            OneId: $"imported-{random.Next(900)}", Channel: random.Next(2) == 0 ? "dealer" : "web", Key: Guid.NewGuid(),
            Price: 100_000 + 1_000L * random.Next(0, 201), Region: random.Next(3) == 0 ? "Chengdu" : "")).ToList();
        var path = Path.Combine(_directory, "offline.csv");
        await File.WriteAllLinesAsync(path, ["one_id,channel,idempotency_key,price,region", .. rows.Select(r => $"{r.OneId},{r.Channel},{r.Key},{r.Price},{r.Region}")]);

        var exitCode = await ToolCli.RunAsync(["import", "prices", "--campaign", "import", "--item", "d90", path, "--chunk", "500"],
            TextWriter.Null, TextWriter.Null, Settings());

        Assert.Equal(0, exitCode);
        var head = await app.Store.ReadHeadSequenceAsync();
        var daemon = app.Services.GetRequiredService<ProjectionDaemon>();
        Assert.True(await daemon.WaitForPositionAsync(PricingStatistics.ProjectionName, head, TimeSpan.FromSeconds(30)));

        // Independently: each person's last row in the file is their current answer.
        var current = rows.GroupBy(r => r.OneId).Select(g => g.Last()).ToList();
        var stats = await (await app.Anonymous().GetAsync($"{url}/stats")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal(current.Count, stats.GetProperty("participants").GetInt64());
        Assert.Equal(rows.Count, stats.GetProperty("submissions").GetInt64());
        Assert.Equal(current.Average(r => (double)r.Price), stats.GetProperty("mean").GetDouble(), 6);
        Assert.Equal(Median(current.Select(r => r.Price)), stats.GetProperty("quantiles").GetProperty("p50").GetDouble(), 6);
        var chengdu = await (await app.Anonymous().GetAsync($"{url}/stats?region=Chengdu")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal(current.Count(r => r.Region == "Chengdu"), chengdu.GetProperty("participants").GetInt64());

        // The same rows through the HTTP batch: every one is a replay of what the import stored.
        var batch = string.Join(",", rows.Select(r =>
            $$"""{"oneId": "{{r.OneId}}", "channel": "{{r.Channel}}", "price": {{r.Price}}, "idempotencyKey": "{{r.Key}}"{{(r.Region.Length > 0 ? $", \"segment\": {{\"region\": \"{r.Region}\"}}" : "")}}}"""));
        var results = await app.AssertStoresNothingAsync(async () =>
            await (await app.AsAdmin().PostJsonAsync($"{url}/submissions/batch", $$"""{"rows": [{{batch}}]}""")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK));
        Assert.All(results.EnumerateArray(), r => Assert.Equal(200, r.GetProperty("status").GetInt32()));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private IConfiguration Settings() => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:CoCreation"] = Testing.TestDatabase.ConnectionString,
            ["EventStore:Schema"] = app.Schema,
        })
        .Build();

    private static double Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }
}
