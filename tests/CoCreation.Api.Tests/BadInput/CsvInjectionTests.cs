using System.Globalization;
using System.Net;
using System.Text.Json;
using CoCreation.Api.Pricing.Exporting;
using CoCreation.Api.Pricing.Statistics;
using CoCreation.Api.Tests.Contest;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Contest;
using CoCreation.EventStore.Projections;
using Microsoft.Extensions.DependencyInjection;

namespace CoCreation.Api.Tests.BadInput;

/// <summary>
/// Text in a CSV export that a spreadsheet would run as a formula comes back with a leading quote, read by an
/// independent parser; numbers, negative ones included, stay numbers.
/// </summary>
public sealed class CsvInjectionTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    private static readonly string[] Formulas =
    [
        "=HYPERLINK(\"http://evil.test\",\"click\")", "+SUM(1,2)", "-2+3", "@SUM(A1:A9)", "=1+1", "-north",
    ];

    [Fact]
    public async Task contest_titles_that_start_like_formulas_are_prefixed_and_the_numbers_stay_numbers()
    {
        var contest = await app.DefineContestAsync("csv-contest");
        var titles = new Dictionary<Guid, string>();
        foreach (var (title, i) in Formulas.Append("A plain title").Append("Price = 5").Select((t, i) => (t, i)))
        {
            var id = await app.SubmitAsync(contest, $"csv-author-{i}", ContestFixtures.Png(200 + i), title);
            Assert.Equal(HttpStatusCode.OK, (await app.ModerateAsync(contest, id, "approve")).StatusCode);
            titles[id] = title;
        }
        await app.MoveToAsync(contest, ContestStages.Voting);
        foreach (var (id, i) in titles.Keys.Select((id, i) => (id, i)))
        {
            Assert.Equal(HttpStatusCode.Created, (await app.AsParticipant($"csv-rater-{i % 3}").ScoreAsync(contest, id, i % 6)).StatusCode);
        }
        await app.SettleAsync();

        var rows = Rfc4180.Rows(await app.AsAdmin().GetStringAsync($"{contest}/export"));

        Assert.Equal(titles.Count, rows.Count);
        foreach (var row in rows)
        {
            var title = titles[Guid.Parse(row["entry_id"])];
            Assert.Equal(title[0] is '=' or '+' or '-' or '@' ? $"'{title}" : title, row["title"]);
            foreach (var column in new[] { "votes", "mean_score", "adjusted_score", "rank", "width", "height" })
            {
                Assert.True(double.TryParse(row[column], NumberStyles.Float, CultureInfo.InvariantCulture, out _), $"{column} = '{row[column]}'");
            }
        }
    }

    [Fact]
    public async Task a_region_starting_with_a_hyphen_is_prefixed_in_csv_only_and_prices_stay_numbers()
    {
        var url = await app.DefineItemAsync("csv-pricing", "d90");
        Assert.Equal(HttpStatusCode.Created, (await app.AsParticipant("csv-north").SubmitAsync(url, """{"price": 150000, "segment": {"region": "-north"}}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await app.AsParticipant("csv-south").SubmitAsync(url, """{"price": 160000, "segment": {"region": "south"}}""")).StatusCode);
        await WaitForStatisticsAsync();

        var rows = Rfc4180.Rows(await app.AsAdmin().GetStringAsync($"{url}/export?kind=raw&format=csv"));
        Assert.Equal(["'-north", "south"], rows.Select(r => r["region"]).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.True(long.TryParse(r["price"], NumberStyles.None, CultureInfo.InvariantCulture, out _), r["price"]));
        Assert.All(rows, r => Assert.True(long.TryParse(r["sequence"], NumberStyles.None, CultureInfo.InvariantCulture, out _), r["sequence"]));

        var json = await (await app.AsAdmin().GetAsync($"{url}/export?kind=raw&format=json")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Contains("-north", json.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("region").GetString()));
    }

    [Theory]
    [InlineData("kind=histogram")]
    [InlineData("kind=psm")]
    [InlineData("kind=psm-points&bootstrap=20")]
    public async Task summary_csv_exports_hold_numbers_only_besides_their_point_names(string query)
    {
        var url = await app.DefineItemAsync("csv-summary", "psm", PricingFixtures.PsmItem);
        for (var i = 0; i < 6; i++)
        {
            var body = $$"""{"tooCheap": {{110_000 + i * 1_000}}, "cheap": {{140_000 + i * 2_000}}, "expensive": {{190_000 + i * 1_000}}, "tooExpensive": {{240_000 + i * 3_000}}}""";
            (await app.AsParticipant($"csv-psm-{i}").SubmitAsync(url, body)).EnsureSuccessStatusCode();
        }
        await WaitForStatisticsAsync();

        var records = Rfc4180.Parse(await app.AsAdmin().GetStringAsync($"{url}/export?{query}&format=csv"));

        Assert.True(records.Count > 1);
        foreach (var record in records.Skip(1))
        {
            foreach (var field in record.Skip(query.StartsWith("kind=psm-points", StringComparison.Ordinal) ? 1 : 0).Where(f => f.Length > 0))
            {
                Assert.True(double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _), $"'{field}' in {string.Join(",", record)}");
            }
        }
    }

    [Fact]
    public async Task the_csv_writer_prefixes_text_only_so_negative_numbers_stay_numbers()
    {
        using var body = new MemoryStream();
        await using (var csv = await ExportOutput.StartCsvAsync(body, bom: false, ["text", "number"], CancellationToken.None))
        {
            foreach (var (text, number) in new[] { ("-5", "-5"), ("=1+1", "-0.25"), ("\tx", "3"), ("\rx", "4"), ("@x", "5"), ("+x", "6"), ("x=1", "7") })
            {
                csv.Text(text);
                csv.Field(number);
                await csv.EndRecordAsync(CancellationToken.None);
            }
            await csv.FlushAsync(CancellationToken.None);
        }

        var records = Rfc4180.Parse(System.Text.Encoding.UTF8.GetString(body.ToArray())).Skip(1).ToList();

        Assert.Equal(["'-5", "'=1+1", "'\tx", "'\rx", "'@x", "'+x", "x=1"], records.Select(r => r[0]));
        Assert.Equal(["-5", "-0.25", "3", "4", "5", "6", "7"], records.Select(r => r[1]));
    }

    private async Task WaitForStatisticsAsync()
    {
        var head = await app.Store.ReadHeadSequenceAsync();
        Assert.True(await app.Services.GetRequiredService<ProjectionDaemon>().WaitForPositionAsync(PricingStatistics.ProjectionName, head, TimeSpan.FromSeconds(30)));
    }
}
