using System.Globalization;
using System.Net;
using System.Text.Json;
using CoCreation.Api.Pricing.Statistics;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Api.Tests.Pricing.Exporting;
using CoCreation.Api.Tests.Trust;
using CoCreation.Api.Tests.Pricing.Statistics;
using CoCreation.Pricing;
using Npgsql;

namespace CoCreation.Api.Tests.Flags;

/// <summary>Abuse flags on price answers: recorded signals, flags in the raw export, the summary and excludeFlagged.</summary>
public sealed class PriceFlagsTests(FlagsApp fixture) : IClassFixture<FlagsApp>
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);
    private const int BurstAnswers = 20;

    private CoCreationApp App => fixture.App;

    private static readonly string[] DirectHeader =
        ["participant", "price", "channel", "region", "age_band", "submitted_at", "sequence", "dwell_ms", "replaced_count", "network", "flags", "guest"];

    [Fact]
    public async Task a_fast_answer_is_flagged_fast_and_a_slow_one_is_not()
    {
        var campaign = FlagsFixtures.Unique("fast");
        var direct = await App.DefineItemAsync(campaign, "direct");
        var psm = await App.DefineItemAsync(campaign, "psm", PricingFixtures.PsmItem);
        var psmBody = """{"tooCheap": 110000, "cheap": 130000, "expensive": 160000, "tooExpensive": 190000}""";
        // Direct answers are fast below 1.5 s, psm below 4 s; an answer without a dwell (an older page, an import) never is.
        var directDwells = new int?[] { 0, 900, 1_499, 1_500, 5_000, null };
        var psmDwells = new int?[] { 3_999, 4_000 };
        var sent = new List<(string Url, SentAnswer Answer, bool Fast)>();
        foreach (var dwell in directDwells)
        {
            sent.Add((direct, await App.SendAsync(direct, FlagsFixtures.Unique("p"), IPAddress.Parse("192.0.2.10"), FlagsFixtures.Price(150_000), dwell), dwell < 1_500));
        }
        foreach (var dwell in psmDwells)
        {
            sent.Add((psm, await App.SendAsync(psm, FlagsFixtures.Unique("p"), IPAddress.Parse("192.0.2.11"), psmBody, dwell), dwell < 4_000));
        }
        var last = sent.Max(s => s.Answer.Sequence);

        var (header, directRows) = await App.RawAsync(direct, last);
        var (_, psmRows) = await App.RawAsync(psm, last);

        Assert.Equal(DirectHeader, header);
        foreach (var (url, answer, fast) in sent)
        {
            var row = (url == direct ? directRows : psmRows)[await App.PseudonymAsync(answer.OneId)];
            Assert.Equal(fast ? "fast" : "", row["flags"]);
            Assert.Equal(answer.DwellMs?.ToString(CultureInfo.InvariantCulture) ?? "", row["dwell_ms"]);
        }
        Assert.Contains(sent, s => s.Fast);
        Assert.Contains(sent, s => !s.Fast);
    }

    [Fact]
    public async Task twenty_identical_answers_from_one_network_within_the_window_are_a_burst_and_the_same_from_twenty_networks_or_spread_out_are_not()
    {
        var campaign = FlagsFixtures.Unique("burst");
        var url = await App.DefineItemAsync(campaign, "d90");
        var groups = new Dictionary<string, List<SentAnswer>>();
        async Task SendGroupAsync(string name, int count, Func<int, string> address, long price)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
                App.SendAsync(url, FlagsFixtures.Unique(name), IPAddress.Parse(address(i)), FlagsFixtures.Price(price), 10_000)));
            groups.TryAdd(name, []);
            groups[name].AddRange(answers);
        }

        await SendGroupAsync("one24", BurstAnswers, i => $"203.0.113.{i + 1}", 150_000);
        await SendGroupAsync("one48", BurstAnswers, i => $"2001:db8:aa:{i:x}::1", 150_000);
        await SendGroupAsync("many24", BurstAnswers, i => $"198.51.{i}.7", 150_000);
        await SendGroupAsync("short", BurstAnswers - 1, i => $"203.0.113.{i + 100}", 170_000);
        await SendGroupAsync("spread", BurstAnswers / 2, i => $"192.0.2.{i + 1}", 160_000);
        fixture.Clock.Advance(Window * 2);
        await SendGroupAsync("spread", BurstAnswers / 2, i => $"192.0.2.{i + 101}", 160_000);
        var all = groups.Values.SelectMany(g => g).ToList();

        var (_, rows) = await App.RawAsync(url, all.Max(a => a.Sequence));

        // Recomputed here from the stored append times: an answer is in a burst when a window of W starting at one of
        // its group's answers holds it and at least N of the group (same /24 or /48, same price).
        var stored = new Dictionary<SentAnswer, DateTimeOffset>();
        foreach (var answer in all)
        {
            var events = await App.Store.ReadStreamAsync(PricingItem.SubmissionStreamId(campaign, "d90", await App.ParticipantAsync(answer.OneId)));
            stored[answer] = Assert.Single(events).Timestamp;
        }
        var expected = new HashSet<SentAnswer>();
        foreach (var group in all.GroupBy(a => (FlagsFixtures.PrefixOf(a.From!), a.Body)))
        {
            foreach (var start in group)
            {
                var inWindow = group.Where(a => stored[a] >= stored[start] && stored[a] <= stored[start] + Window).ToList();
                if (inWindow.Count >= BurstAnswers) expected.UnionWith(inWindow);
            }
        }
        foreach (var answer in all)
        {
            var row = rows[await App.PseudonymAsync(answer.OneId)];
            Assert.Equal(expected.Contains(answer) ? "burst" : "", row["flags"]);
            Assert.Equal(FlagsFixtures.Network(FlagsFixtures.PrefixOf(answer.From!)), row["network"]);
        }
        Assert.Equal(groups["one24"].Concat(groups["one48"]).ToHashSet(), expected);

        // Flagged answers still count in the live statistics, which are never filtered.
        var stats = await (await App.Anonymous().GetAsync($"{url}/stats")).AssertJsonAsync<PriceStatsResponse>(HttpStatusCode.OK);
        Assert.Equal(all.Count, stats.Participants);
        Assert.Equal(all.Count, rows.Count);
    }

    [Fact]
    public async Task a_person_who_replaced_their_answer_six_times_is_flagged_replaced()
    {
        var campaign = FlagsFixtures.Unique("repl");
        var url = await App.DefineItemAsync(campaign, "d90");
        var replacements = new Dictionary<string, int> { [FlagsFixtures.Unique("six")] = 6, [FlagsFixtures.Unique("five")] = 5, [FlagsFixtures.Unique("four")] = 4 };
        long last = 0;
        foreach (var (oneId, count) in replacements)
        {
            for (var i = 0; i <= count; i++)
            {
                last = (await App.SendAsync(url, oneId, IPAddress.Parse("192.0.2.1"), FlagsFixtures.Price(150_000 + i * 1_000), 10_000)).Sequence;
            }
        }

        var (_, rows) = await App.RawAsync(url, last);

        Assert.Equal(replacements.Count, rows.Count);
        foreach (var (oneId, count) in replacements)
        {
            var row = rows[await App.PseudonymAsync(oneId)];
            Assert.Equal(count.ToString(CultureInfo.InvariantCulture), row["replaced_count"]);
            Assert.Equal(count >= 5 ? "replaced" : "", row["flags"]);
            Assert.Equal((150_000 + count * 1_000).ToString(CultureInfo.InvariantCulture), row["price"]);
        }
    }

    [Fact]
    public async Task stats_excluding_flagged_answers_equal_a_recount_without_them_and_the_flagged_stay_in_the_log_and_the_live_stats()
    {
        var campaign = FlagsFixtures.Unique("excl");
        var url = await App.DefineItemAsync(campaign, "d90");
        var random = new Random(7);
        var clean = new List<long>();
        var flagged = new Dictionary<string, List<long>> { ["fast"] = [], ["burst"] = [], ["replaced"] = [] };
        for (var i = 0; i < 40; i++)
        {
            var price = 100_000 + random.Next(150) * 1_000L;
            await App.SendAsync(url, FlagsFixtures.Unique("clean"), IPAddress.Parse($"10.{i}.1.1"), FlagsFixtures.Price(price), 5_000 + random.Next(20_000));
            clean.Add(price);
        }
        for (var i = 0; i < 5; i++)
        {
            var price = 100_000 + random.Next(150) * 1_000L;
            await App.SendAsync(url, FlagsFixtures.Unique("fast"), IPAddress.Parse($"10.{100 + i}.1.1"), FlagsFixtures.Price(price), random.Next(1_500));
            flagged["fast"].Add(price);
        }
        await Task.WhenAll(Enumerable.Range(0, BurstAnswers).Select(i =>
            App.SendAsync(url, FlagsFixtures.Unique("bot"), IPAddress.Parse($"203.0.113.{i + 1}"), FlagsFixtures.Price(299_000), 8_000)));
        flagged["burst"].AddRange(Enumerable.Repeat(299_000L, BurstAnswers));
        var changer = FlagsFixtures.Unique("changer");
        long last = 0;
        for (var i = 0; i < 6; i++) last = (await App.SendAsync(url, changer, IPAddress.Parse("10.200.1.1"), FlagsFixtures.Price(280_000 + i * 1_000), 6_000)).Sequence;
        flagged["replaced"].Add(285_000);
        var everyone = clean.Concat(flagged.Values.SelectMany(v => v)).ToList();
        var submissions = everyone.Count + 5;
        await App.WaitForStatsAsync(last);

        async Task<PriceStatsResponse> ExportStatsAsync(string exclude)
        {
            var body = await (await App.AsAdmin().ExportAsync(url, $"kind=histogram&format=json&asOf={last}&excludeFlagged={exclude}"))
                .AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
            return body.GetProperty("stats").Deserialize<PriceStatsResponse>(JsonSerializerOptions.Web)!;
        }

        // submissions counts every answer of the item whatever is left out: it describes the log, not the selection.
        StatsRecount.AssertFigures(await ExportStatsAsync("true"), clean, submissions);
        StatsRecount.AssertFigures(await ExportStatsAsync("fast"), [.. clean, .. flagged["burst"], .. flagged["replaced"]], submissions);
        StatsRecount.AssertFigures(await ExportStatsAsync("burst,replaced"), [.. clean, .. flagged["fast"]], submissions);
        StatsRecount.AssertFigures(await ExportStatsAsync("false"), everyone, submissions);

        var live = await (await App.Anonymous().GetAsync($"{url}/stats")).AssertJsonAsync<PriceStatsResponse>(HttpStatusCode.OK);
        StatsRecount.AssertFigures(live, everyone, submissions);

        var raw = await App.AsAdmin().ExportAsync(url, $"kind=raw&asOf={last}&excludeFlagged=true");
        Assert.Equal($"attachment; filename=\"{campaign}-d90-raw-asof-{last}-without-fast-burst-replaced.csv\"", raw.Content.Headers.ContentDisposition?.ToString());
        var (_, kept) = ExportFixtures.ParseCsv(await raw.Content.ReadAsStringAsync());
        Assert.Equal(clean.Order(), kept.Select(r => long.Parse(r["price"], CultureInfo.InvariantCulture)).Order());
        Assert.All(kept, r => Assert.Equal("", r["flags"]));
        var (_, all) = await App.RawAsync(url, last);
        Assert.Equal(everyone.Count, all.Count);

        var summary = await (await App.AsAdmin().ExportAsync(url, $"kind=flags&format=json&asOf={last}")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal(everyone.Count, summary.GetProperty("participants").GetInt64());
        var counts = summary.GetProperty("flagged");
        Assert.Equal(flagged["fast"].Count, counts.GetProperty("fast").GetInt64());
        Assert.Equal(BurstAnswers, counts.GetProperty("burst").GetInt64());
        Assert.Equal(1, counts.GetProperty("replaced").GetInt64());
        Assert.Equal(flagged.Values.Sum(v => v.Count), counts.GetProperty("any").GetInt64());
        Assert.Equal(1_500, summary.GetProperty("thresholds").GetProperty("fastMs").GetInt32());
        var summaryCsv = await App.AsAdmin().ExportAsync(url, $"kind=flags&asOf={last}");
        var (summaryHeader, summaryRows) = ExportFixtures.ParseCsv(await summaryCsv.Content.ReadAsStringAsync());
        Assert.Equal(["flag", "answers", "participants", "share"], summaryHeader);
        Assert.Equal(["fast:5", "burst:20", "replaced:1", "any:26"], summaryRows.Select(r => $"{r["flag"]}:{r["answers"]}"));
    }

    [Fact]
    public async Task the_log_never_holds_the_clients_address()
    {
        var campaign = FlagsFixtures.Unique("ip");
        var url = await App.DefineItemAsync(campaign, "d90");
        var addresses = new[] { "203.0.113.77", "2001:db8:abcd:12::99", "::ffff:198.51.100.23" };
        long last = 0;
        foreach (var address in addresses)
        {
            last = (await App.SendAsync(url, FlagsFixtures.Unique("ip"), IPAddress.Parse(address), FlagsFixtures.Price(150_000), 3_000)).Sequence;
        }
        var batch = await App.AsAdmin().PostJsonAsync($"{url}/submissions/batch", $$"""
            {"rows": [{"oneId": "{{FlagsFixtures.Unique("bi")}}", "channel": "dealer", "idempotencyKey": "{{Guid.NewGuid()}}", "price": 150000, "clientIp": "198.51.100.24", "dwellMs": 7000}]}
            """);
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        await App.WaitForStatsAsync(last);

        await using var dataSource = NpgsqlDataSource.Create(CoCreation.Testing.TestDatabase.ConnectionString);
        await using var command = dataSource.CreateCommand($"select data::text || ' ' || coalesce(actor, '') from {App.Schema}.events");
        var logged = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) logged.Add(reader.GetString(0));
        }
        Assert.Contains(logged, e => e.Contains(FlagsFixtures.Network("203.0.113.0/24"), StringComparison.Ordinal));
        Assert.Contains(logged, e => e.Contains(FlagsFixtures.Network("198.51.100.0/24"), StringComparison.Ordinal));
        foreach (var text in new[] { "203.0.113.77", "203.0.113.", "2001:db8", "198.51.100.", "::ffff" })
        {
            Assert.DoesNotContain(logged, e => e.Contains(text, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("86400001")]
    [InlineData("99999999999999999999")]
    [InlineData("1.5")]
    [InlineData("\"fast\"")]
    public async Task an_invalid_dwell_is_refused_with_a_problem_and_stores_nothing(string dwell)
    {
        var campaign = FlagsFixtures.Unique("bad");
        var url = await App.DefineItemAsync(campaign, "d90");
        var client = App.From(IPAddress.Parse("192.0.2.1"), CoCreationApp.ParticipantToken(FlagsFixtures.Unique("bad")));

        var response = await App.AssertStoresNothingAsync(() => client.SubmitAsync(url, $$"""{"price": 150000, "dwellMs": {{dwell}}}"""));

        // Out of range is a validation problem naming the field; not a whole number at all is malformed JSON, whose detail names it.
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        if (dwell is "-1" or "86400001") Assert.True(problem.GetProperty("errors").TryGetProperty("dwellMs", out _), problem.GetRawText());
        else Assert.Contains("dwellMs", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_batch_row_carries_its_participants_address_as_a_network_and_a_bad_address_or_dwell_fails_only_that_row()
    {
        var campaign = FlagsFixtures.Unique("batch");
        var url = await App.DefineItemAsync(campaign, "d90");
        var good = FlagsFixtures.Unique("good");
        string Row(string oneId, string extra) =>
            $$"""{"oneId": "{{oneId}}", "channel": "dealer", "idempotencyKey": "{{Guid.NewGuid()}}", "price": 150000{{extra}}}""";
        var response = await App.AsAdmin().PostJsonAsync($"{url}/submissions/batch", $$"""
            {"rows": [{{Row(good, ", \"clientIp\": \"203.0.113.9\", \"dwellMs\": 800")}}, {{Row(FlagsFixtures.Unique("n"), ", \"clientIp\": \"12345\"")}},
                      {{Row(FlagsFixtures.Unique("n"), ", \"clientIp\": \"not an address\"")}}, {{Row(FlagsFixtures.Unique("n"), ", \"dwellMs\": -5")}},
                      {{Row(FlagsFixtures.Unique("plain"), "")}}]}
            """);

        var results = await response.AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal([201, 400, 400, 400, 201], results.EnumerateArray().Select(r => r.GetProperty("status").GetInt32()));
        Assert.True(results[1].GetProperty("errors").TryGetProperty("clientIp", out _));
        Assert.True(results[2].GetProperty("errors").TryGetProperty("clientIp", out _));
        Assert.True(results[3].GetProperty("errors").TryGetProperty("dwellMs", out _));
        var stored = Assert.Single(await App.Store.ReadStreamAsync(PricingItem.SubmissionStreamId(campaign, "d90", await App.ParticipantAsync(good))));
        var submitted = Assert.IsType<PriceSubmitted>(stored.Data);
        Assert.Equal(800, submitted.DwellMs);
        Assert.Equal(FlagsFixtures.Network("203.0.113.0/24"), submitted.Network);

        // The rows of a batch are not promised to be stored in the order sent: as of the later of the two.
        var (_, rows) = await App.RawAsync(url, Math.Max(results[0].GetProperty("sequence").GetInt64(), results[4].GetProperty("sequence").GetInt64()));
        Assert.Equal("fast", rows[await App.PseudonymAsync(good)]["flags"]);
        Assert.Equal("0", rows[await App.PseudonymAsync(good)]["replaced_count"]);
    }

    [Fact]
    public async Task an_answer_stored_before_signals_existed_reads_and_exports_without_them()
    {
        var campaign = FlagsFixtures.Unique("old");
        var url = await App.DefineItemAsync(campaign, "d90");
        var oneId = FlagsFixtures.Unique("old");
        var sent = await App.SendAsync(url, oneId, IPAddress.Parse("192.0.2.1"), FlagsFixtures.Price(150_000), 10);
        // The payload as the event was written before dwellMs and network were added.
        await using var dataSource = NpgsqlDataSource.Create(CoCreation.Testing.TestDatabase.ConnectionString);
        await using (var strip = dataSource.CreateCommand($"update {App.Schema}.events set data = data - 'dwellMs' - 'network' where seq_id = $1"))
        {
            strip.Parameters.AddWithValue(sent.Sequence);
            Assert.Equal(1, await strip.ExecuteNonQueryAsync());
        }

        var participant = await App.ParticipantAsync(oneId);
        var stored = Assert.Single(await App.Store.ReadStreamAsync(PricingItem.SubmissionStreamId(campaign, "d90", participant)));
        Assert.Equal(new PriceSubmitted(campaign, "d90", participant, "app", 150_000, null, null, null, null, null, null, null, null), stored.Data);
        var (_, rows) = await App.RawAsync(url, sent.Sequence);
        var row = rows[ExportFixtures.Pseudonym(participant)];
        Assert.Equal(("", "", "0", ""), (row["dwell_ms"], row["network"], row["replaced_count"], row["flags"]));
    }
}
