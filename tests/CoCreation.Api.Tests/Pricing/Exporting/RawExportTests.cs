using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Pricing;

namespace CoCreation.Api.Tests.Pricing.Exporting;

/// <summary>The raw export against answers sent through the API and recounted here.</summary>
public sealed class RawExportTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    private static readonly string[] DirectHeader =
        ["participant", "price", "channel", "region", "age_band", "submitted_at", "sequence", "dwell_ms", "replaced_count", "network", "flags", "guest"];

    private static readonly string[] PsmHeader =
    [
        "participant", "too_cheap", "cheap", "expensive", "too_expensive", "likelihood_at_cheap", "likelihood_at_expensive",
        "channel", "region", "age_band", "submitted_at", "sequence", "dwell_ms", "replaced_count", "network", "flags", "guest",
    ];

    private async Task<DateTimeOffset> SubmittedAtAsync(string campaign, string item, Sent sent)
    {
        var events = await app.Store.ReadStreamAsync(PricingItem.SubmissionStreamId(campaign, item, sent.Participant));
        return events.Single(e => e.Sequence == sent.Sequence).Timestamp;
    }

    [Fact]
    public async Task a_raw_csv_export_holds_each_persons_current_answer_once()
    {
        var campaign = ExportFixtures.NewCampaign();
        var url = await app.DefineItemAsync(campaign, "d90");
        var sent = await app.SubmitRandomAsync(url, people: 15, submissions: 45, seed: 1);
        var last = sent[^1].Sequence;
        await app.WaitForStatsAsync(last);

        var response = await app.AsAdmin().ExportAsync(url, "kind=raw&format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var asOf = long.Parse(Assert.Single(response.Headers.GetValues("X-As-Of-Sequence")), CultureInfo.InvariantCulture);
        Assert.True(asOf >= last, $"the export is as of {asOf}, before the last answer {last}");
        Assert.Equal($"attachment; filename=\"{campaign}-d90-raw-asof-{asOf}.csv\"", response.Content.Headers.ContentDisposition?.ToString());

        var (header, rows) = ExportFixtures.ParseCsv(await response.Content.ReadAsStringAsync());
        Assert.Equal(DirectHeader, header);
        var expected = sent.CurrentAsOf(asOf);
        Assert.Equal(expected.Count, rows.Count);
        var byPseudonym = rows.ToDictionary(r => r["participant"], StringComparer.Ordinal);
        foreach (var person in expected.Values)
        {
            var row = byPseudonym[ExportFixtures.Pseudonym(person.Participant)];
            Assert.Equal(person.Price!.Value.ToString(CultureInfo.InvariantCulture), row["price"]);
            Assert.Equal(person.Channel, row["channel"]);
            Assert.Equal(person.Region ?? "", row["region"]);
            Assert.Equal(person.AgeBand ?? "", row["age_band"]);
            Assert.Equal(person.Sequence.ToString(CultureInfo.InvariantCulture), row["sequence"]);
            Assert.Equal("false", row["guest"]);
            Assert.EndsWith("Z", row["submitted_at"], StringComparison.Ordinal);
            Assert.Equal(await SubmittedAtAsync(campaign, "d90", person),
                DateTimeOffset.Parse(row["submitted_at"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
        }
    }

    [Fact]
    public async Task a_raw_json_export_of_a_psm_item_holds_the_four_prices_and_likelihoods()
    {
        var campaign = ExportFixtures.NewCampaign();
        var url = await app.DefineItemAsync(campaign, "psm", PricingFixtures.PsmItem);
        var sent = await app.SubmitRandomAsync(url, people: 10, submissions: 30, seed: 2, psm: true);
        await app.WaitForStatsAsync(sent[^1].Sequence);

        var response = await app.AsAdmin().ExportAsync(url, "kind=raw&format=json");

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var asOf = long.Parse(Assert.Single(response.Headers.GetValues("X-As-Of-Sequence")), CultureInfo.InvariantCulture);
        Assert.Equal($"attachment; filename=\"{campaign}-psm-raw-asof-{asOf}.json\"", response.Content.Headers.ContentDisposition?.ToString());
        var body = await response.AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal(asOf, body.GetProperty("asOf").GetProperty("sequence").GetInt64());
        Assert.Equal("psm", body.GetProperty("mode").GetString());
        var rows = body.GetProperty("rows").EnumerateArray().ToList();
        var expected = sent.CurrentAsOf(asOf);
        Assert.Equal(expected.Count, rows.Count);
        Assert.Equal(
            ["participant", "tooCheap", "cheap", "expensive", "tooExpensive", "likelihoodAtCheap", "likelihoodAtExpensive", "channel", "region", "ageBand", "submittedAt", "sequence",
                "dwellMs", "replacedCount", "network", "flags", "guest"],
            rows[0].EnumerateObject().Select(p => p.Name));
        var byPseudonym = rows.ToDictionary(r => r.GetProperty("participant").GetString()!, StringComparer.Ordinal);
        foreach (var person in expected.Values)
        {
            var row = byPseudonym[ExportFixtures.Pseudonym(person.Participant)];
            Assert.Equal(person.Psm, new[] { "tooCheap", "cheap", "expensive", "tooExpensive" }.Select(n => row.GetProperty(n).GetInt64()));
            Assert.Equal(person.Likelihoods?[0], row.GetProperty("likelihoodAtCheap").ValueKind == JsonValueKind.Null ? null : row.GetProperty("likelihoodAtCheap").GetInt32());
            Assert.Equal(person.Likelihoods?[1], row.GetProperty("likelihoodAtExpensive").ValueKind == JsonValueKind.Null ? null : row.GetProperty("likelihoodAtExpensive").GetInt32());
            Assert.Equal(person.Region, row.GetProperty("region").GetString());
            Assert.Equal(person.Sequence, row.GetProperty("sequence").GetInt64());
            Assert.Equal(await SubmittedAtAsync(campaign, "psm", person), row.GetProperty("submittedAt").GetDateTimeOffset());
        }
    }

    [Fact]
    public async Task a_psm_items_raw_csv_has_the_psm_header()
    {
        var campaign = ExportFixtures.NewCampaign();
        var url = await app.DefineItemAsync(campaign, "psm", PricingFixtures.PsmItem);
        var sent = await app.SubmitRandomAsync(url, people: 3, submissions: 3, seed: 3, psm: true);
        await app.WaitForStatsAsync(sent[^1].Sequence);

        var (header, rows) = ExportFixtures.ParseCsv(await app.AsAdmin().GetStringAsync($"{url}/export?kind=raw"));

        Assert.Equal(PsmHeader, header);
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Contains(sent, s => string.Join(",", s.Psm!) == $"{r["too_cheap"]},{r["cheap"]},{r["expensive"]},{r["too_expensive"]}"));
    }

    [Fact]
    public async Task an_export_as_of_an_earlier_sequence_holds_the_answers_as_they_were_then()
    {
        var campaign = ExportFixtures.NewCampaign();
        var url = await app.DefineItemAsync(campaign, "d90");
        var sent = await app.SubmitRandomAsync(url, people: 8, submissions: 40, seed: 4);
        await app.WaitForStatsAsync(sent[^1].Sequence);
        var midway = sent[20].Sequence;

        var response = await app.AsAdmin().ExportAsync(url, $"kind=raw&asOf={midway}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(midway.ToString(CultureInfo.InvariantCulture), Assert.Single(response.Headers.GetValues("X-As-Of-Sequence")));
        Assert.Equal($"attachment; filename=\"{campaign}-d90-raw-asof-{midway}.csv\"", response.Content.Headers.ContentDisposition?.ToString());
        var (_, rows) = ExportFixtures.ParseCsv(await response.Content.ReadAsStringAsync());
        var then = sent.CurrentAsOf(midway);
        Assert.Equal(
            then.Values.Select(s => (ExportFixtures.Pseudonym(s.Participant), s.Price!.Value.ToString(CultureInfo.InvariantCulture), s.Sequence.ToString(CultureInfo.InvariantCulture))).Order(),
            rows.Select(r => (r["participant"], r["price"], r["sequence"])).Order());
        Assert.NotEqual(sent.CurrentAsOf(sent[^1].Sequence).Values.Select(s => s.Sequence).Order(), then.Values.Select(s => s.Sequence).Order());
    }

    [Fact]
    public async Task pseudonyms_are_stable_distinct_keyed_and_never_the_oneid_or_participant_id()
    {
        var campaign = ExportFixtures.NewCampaign();
        var url = await app.DefineItemAsync(campaign, "d90");
        var sent = await app.SubmitRandomAsync(url, people: 12, submissions: 12, seed: 5);
        await app.WaitForStatsAsync(sent[^1].Sequence);
        var query = $"kind=raw&asOf={sent[^1].Sequence}";

        var first = await app.AsAdmin().GetStringAsync($"{url}/export?{query}");
        var again = await app.AsAdmin().GetStringAsync($"{url}/export?{query}");

        Assert.Equal(first, again);
        var pseudonyms = ExportFixtures.ParseCsv(first).Rows.Select(r => r["participant"]).ToList();
        Assert.Equal(12, pseudonyms.Distinct(StringComparer.Ordinal).Count());
        Assert.All(pseudonyms, p => Assert.Matches("^[0-9a-f]{32}$", p));
        foreach (var person in sent)
        {
            Assert.DoesNotContain(person.OneId, first, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(person.Participant.ToString("N"), first, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(person.Participant.ToString("D"), first, StringComparison.OrdinalIgnoreCase);
        }

        const string otherKey = "another-pseudonym-key-for-a-second-node-0123";
        await using var rekeyed = CoCreationApp.On(app.Schema, new Dictionary<string, string?> { ["Pseudonym:Key"] = otherKey });
        await rekeyed.InitializeAsync();
        await rekeyed.WaitForStatsAsync(sent[^1].Sequence);
        var other = ExportFixtures.ParseCsv(await rekeyed.AsAdmin().GetStringAsync($"{url}/export?{query}")).Rows;
        var mine = ExportFixtures.ParseCsv(first).Rows;
        Assert.Equal(mine.Select(r => r["sequence"]).Order(), other.Select(r => r["sequence"]).Order());
        Assert.Empty(other.Select(r => r["participant"]).Intersect(pseudonyms, StringComparer.Ordinal));
        Assert.All(other, r => Assert.Contains(sent, s => ExportFixtures.Pseudonym(s.Participant, otherKey) == r["participant"]));
    }

    [Fact]
    public async Task csv_is_utf8_without_a_bom_unless_asked_and_quotes_commas_quotes_newlines_and_non_ascii()
    {
        var campaign = ExportFixtures.NewCampaign();
        var url = await app.DefineItemAsync(campaign, "d90");
        // The API only takes letters, digits, spaces and hyphens in a region; events appended by other means (an
        // import) need not, so the writer must quote whatever it meets.
        string[] regions = ["Pudong, \"New\" Area\r\n浦东新区", "内蒙古", "Zürich", "plain", " spaced "];
        long last = 0;
        var people = new List<Guid>();
        foreach (var region in regions)
        {
            var participant = Guid.CreateVersion7();
            people.Add(participant);
            last = (await app.Store.AppendAsync(PricingItem.SubmissionStreamId(campaign, "d90", participant),
                [new PriceSubmitted(campaign, "d90", participant, "app", 150_000, null, null, null, null, null, null, region, null)])).LastSequence;
        }
        await app.WaitForStatsAsync(last);

        var plain = await app.AsAdmin().GetByteArrayAsync($"{url}/export?kind=raw&asOf={last}");
        var withBom = await app.AsAdmin().GetByteArrayAsync($"{url}/export?kind=raw&asOf={last}&bom=true");

        Assert.Equal("participant,price,"u8.ToArray(), plain[..18]);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, withBom[..3]);
        Assert.Equal(plain, withBom[3..]);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(plain);
        Assert.DoesNotMatch("[^\r]\n", text);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var (_, rows) = ExportFixtures.ParseCsv(text);
        Assert.Equal(regions.Order(StringComparer.Ordinal), rows.Select(r => r["region"]).Order(StringComparer.Ordinal));
        Assert.Contains("\"Pudong, \"\"New\"\" Area\r\n浦东新区\"", text, StringComparison.Ordinal);
        Assert.All(rows, r => Assert.Equal("150000", r["price"]));
    }
}
