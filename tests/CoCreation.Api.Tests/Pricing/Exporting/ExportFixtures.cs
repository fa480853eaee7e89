using System.Net;
using System.Security.Cryptography;
using System.Text;
using CoCreation.Participants;
using CoCreation.Api.Pricing.Statistics;
using CoCreation.Api.Tests.Hosting;
using CoCreation.EventStore.Projections;
using CoCreation.Pricing;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;

namespace CoCreation.Api.Tests.Pricing.Exporting;

/// <summary>One submission the test made through the API, and what it expects the export to say about it.</summary>
internal sealed record Sent(
    string OneId, Guid Participant, string Channel, long? Price, long[]? Psm, int[]? Likelihoods, string? Region, string? AgeBand, long Sequence);

internal static class ExportFixtures
{
    public static readonly string[] Channels = ["app", "wechat", "livestream", "dealer"];
    public static readonly string?[] Regions = ["Shanghai", "Inner Mongolia", "Beijing", null];
    public static readonly string?[] AgeBands = ["18-24", "35-44", "65+", null];

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public static string NewCampaign() => $"c-{Guid.NewGuid():N}"[..20];

    /// <summary>Random answers from <paramref name="people"/> people, some revising, through random channels and segments.</summary>
    public static async Task<List<Sent>> SubmitRandomAsync(this CoCreationApp app, string url, int people, int submissions, int seed, bool psm = false)
    {
        var random = new Random(seed);
        var oneIds = Enumerable.Range(0, people).Select(i => $"oneid-{seed}-{i}-{Guid.NewGuid():N}"[..30]).ToArray();
        var directory = app.Services.GetRequiredService<ParticipantDirectory>();
        var sent = new List<Sent>();
        for (var i = 0; i < submissions; i++)
        {
            // Everyone answers once first, then random people revise.
            var oneId = i < people ? oneIds[i] : oneIds[random.Next(people)];
            var channel = Channels[random.Next(Channels.Length)];
            var region = Regions[random.Next(Regions.Length)];
            var ageBand = AgeBands[random.Next(AgeBands.Length)];
            var segment = $$"""{"region": {{Json(region)}}, "ageBand": {{Json(ageBand)}}}""";
            long? price = null;
            long[]? four = null;
            int[]? likelihoods = null;
            string body;
            if (psm)
            {
                var cheap = 20 + random.Next(120);
                four = [cheap - 1 - random.Next(15), cheap, cheap + 1 + random.Next(30), 0];
                four[3] = four[2] + 1 + random.Next(30);
                four = [.. four.Select(k => 100_000 + k * 1_000L)];
                likelihoods = random.NextDouble() < 0.7 ? [random.Next(1, 6), random.Next(1, 6)] : null;
                var l = likelihoods is null ? "" : $$""", "likelihoodAtCheap": {{likelihoods[0]}}, "likelihoodAtExpensive": {{likelihoods[1]}}""";
                body = $$"""{"tooCheap": {{four[0]}}, "cheap": {{four[1]}}, "expensive": {{four[2]}}, "tooExpensive": {{four[3]}}{{l}}, "segment": {{segment}}}""";
            }
            else
            {
                price = 100_000 + random.Next(201) * 1_000L;
                body = $$"""{"price": {{price}}, "segment": {{segment}}}""";
            }
            var response = await app.AsParticipant(oneId, channel).SubmitAsync(url, body);
            var created = await response.AssertJsonAsync<SubmissionAnswer>(HttpStatusCode.Created);
            sent.Add(new Sent(oneId, await directory.ResolveAsync(oneId, CancellationToken.None), channel, price, four, likelihoods, region, ageBand, created.Sequence));
        }
        return sent;
    }

    private static string Json(string? value) => value is null ? "null" : $"\"{value}\"";

    private sealed record SubmissionAnswer(Guid SubmissionId, long Sequence);

    /// <summary>Each person's last submission at or before <paramref name="asOf"/>.</summary>
    public static Dictionary<Guid, Sent> CurrentAsOf(this IEnumerable<Sent> sent, long asOf) =>
        sent.Where(s => s.Sequence <= asOf).GroupBy(s => s.Participant).ToDictionary(g => g.Key, g => g.MaxBy(s => s.Sequence)!);

    public static async Task WaitForStatsAsync(this CoCreationApp app, long sequence) =>
        Assert.True(await app.Services.GetRequiredService<ProjectionDaemon>().WaitForPositionAsync(PricingStatistics.ProjectionName, sequence, Wait),
            $"pricing-stats did not reach {sequence}");

    public static Task<HttpResponseMessage> ExportAsync(this HttpClient client, string url, string query) => client.GetAsync($"{url}/export?{query}");

    /// <summary>The pseudonym as the README defines it, computed here independently of the API's code.</summary>
    public static string Pseudonym(Guid participant, string key = CoCreationApp.PseudonymKey) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes(participant.ToString("D"))))[..32];

    /// <summary>Parses CSV with CsvHelper's RFC 4180 reader: the header and every record by column name.</summary>
    public static (IReadOnlyList<string> Header, List<Dictionary<string, string>> Rows) ParseCsv(string text)
    {
        using var reader = CsvReader.FromText(text, CsvReaderOptions.Default with { AllowLineBreaksInQuotes = true });
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            rows.Add(reader.Headers.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => reader.GetString(c.i), StringComparer.Ordinal));
        }
        return ([.. reader.Headers], rows);
    }
}
