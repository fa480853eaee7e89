using System.Globalization;
using CoCreation.EventStore;
using CoCreation.Pricing;
using CoCreation.Testing;

namespace CoCreation.Cli.Tests.Importing;

public sealed class ImportPricesCommandTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private static readonly string[] ChannelNames = ["app", "wechat", "livestream", "dealer", "web"];
    private static readonly string[] AgeBandNames = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"];

    /// <summary>A row as written to the file, with the answer it should be stored as (null when the row is invalid).</summary>
    private sealed record Line(string Text, string OneId, Guid Key, string Channel, long? Price, long[]? Psm, int[]? Likelihoods,
        string? Region, string? AgeBand, string? BadColumn);

    [Fact]
    public async Task a_direct_import_stores_exactly_the_valid_rows_each_as_the_event_the_api_records()
    {
        await using var scenario = new PriceImports(fixture);
        await scenario.DefineAsync(PricingModes.Direct);
        var lines = DirectLines(3_000, people: 2_200, seed: 1);
        // A byte order mark, header names in another case and a column the tool does not know are all fine.
        var path = scenario.WriteFile(
            ["\"ONE_ID\",Channel,Idempotency_Key,PRICE,region,age_band,note", .. lines.Select(l => l.Text + ",from a partner")], byteOrderMark: true);

        var result = await scenario.ImportAsync(path, "--chunk", "700");

        Assert.True(result.ExitCode == 0, result.ToString());
        var valid = lines.Where(l => l.BadColumn is null).ToList();
        var invalid = lines.Count - valid.Count;
        Assert.Equal(lines.Count, PriceImports.Summary(result, "read"));
        Assert.Equal(valid.Count, PriceImports.Summary(result, "stored"));
        Assert.Equal(0, PriceImports.Summary(result, "already imported (skipped)"));
        Assert.Equal(invalid, PriceImports.Summary(result, "invalid"));
        Assert.Contains("Ignoring the columns note", result.Output, StringComparison.Ordinal);
        await AssertStoredAsync(scenario, valid);

        var errors = PriceImports.ReadErrors(scenario.PathOf("prices.errors.csv"));
        var expected = lines.Select((l, i) => (Line: i + 2L, l.BadColumn)).Where(e => e.BadColumn is not null).ToList();
        Assert.Equal(expected, errors.Select(e => (e.Line, (string?)e.Column)).ToList());
    }

    [Fact]
    public async Task a_psm_import_stores_the_four_prices_and_the_likelihoods_of_each_valid_row()
    {
        await using var scenario = new PriceImports(fixture);
        await scenario.DefineAsync(PricingModes.Psm);
        var random = new Random(2);
        var lines = new List<Line>();
        for (var i = 0; i < 2_500; i++)
        {
            var key = Guid.NewGuid();
            var oneId = $"psm-person-{random.Next(2_000)}";
            var steps = Enumerable.Range(0, 4).Select(_ => random.Next(1, 50)).ToArray();
            var psm = new long[4];
            psm[0] = 100_000 + 1_000L * random.Next(0, 2);
            for (var p = 1; p < 4; p++) psm[p] = psm[p - 1] + 1_000L * steps[p];
            int[]? likelihoods = random.Next(3) == 0 ? null : [random.Next(1, 6), random.Next(1, 6)];
            var channel = ChannelNames[random.Next(ChannelNames.Length)];
            var bad = (i % 97) switch { 13 => "too_expensive", 41 => "likelihood_at_expensive", 77 => "cheap", _ => null };
            var written = psm.ToArray();
            var writtenLikelihoods = likelihoods is null ? "," : $"{likelihoods[0]},{likelihoods[1]}";
            if (bad == "too_expensive") written[3] = written[2]; // the order broken: expensive = too expensive
            if (bad == "likelihood_at_expensive") writtenLikelihoods = "3,";
            if (bad == "cheap") written[1] = written[1] + 500; // off the grid
            lines.Add(new Line(
                $"{oneId},{channel},{key},,{string.Join(",", written)},{writtenLikelihoods},,",
                oneId, key, channel, null, psm, likelihoods, null, null, bad));
        }
        var path = scenario.WriteFile([PriceImports.Header, .. lines.Select(l => l.Text)]);

        var result = await scenario.ImportAsync(path, "--chunk", "1000");

        Assert.True(result.ExitCode == 0, result.ToString());
        var valid = lines.Where(l => l.BadColumn is null).ToList();
        Assert.Equal(valid.Count, PriceImports.Summary(result, "stored"));
        Assert.Equal(lines.Count - valid.Count, PriceImports.Summary(result, "invalid"));
        await AssertStoredAsync(scenario, valid);
        var errors = PriceImports.ReadErrors(scenario.PathOf("prices.errors.csv"));
        Assert.Equal(
            lines.Select((l, i) => (Line: i + 2L, l.BadColumn)).Where(e => e.BadColumn is not null),
            errors.Select(e => (e.Line, (string?)e.Column)));
    }

    [Fact]
    public async Task importing_the_same_file_again_stores_nothing_and_reports_every_row_as_already_imported()
    {
        await using var scenario = new PriceImports(fixture);
        await scenario.DefineAsync(PricingModes.Direct);
        var lines = DirectLines(1_500, people: 1_000, seed: 3).Where(l => l.BadColumn is null).ToList();
        var path = scenario.WriteFile(["one_id,channel,idempotency_key,price,region,age_band", .. lines.Select(l => l.Text)]);
        Assert.Equal(0, (await scenario.ImportAsync(path, "--chunk", "400")).ExitCode);
        var before = await scenario.EventCountAsync();

        var again = await scenario.ImportAsync(path, "--chunk", "600");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(0, PriceImports.Summary(again, "stored"));
        Assert.Equal(lines.Count, PriceImports.Summary(again, "already imported (skipped)"));
        Assert.Equal(0, PriceImports.Summary(again, "key reused with another answer"));
        Assert.Equal(before, await scenario.EventCountAsync());
        await AssertStoredAsync(scenario, lines);
    }

    [Fact]
    public async Task rows_a_person_already_submitted_through_the_api_key_space_are_not_counted_twice()
    {
        await using var scenario = new PriceImports(fixture);
        var item = await scenario.DefineAsync(PricingModes.Direct);
        var lines = DirectLines(600, people: 600, seed: 4).Where(l => l.BadColumn is null).ToList();
        foreach (var line in lines.Take(150))
        {
            await scenario.SubmitLiveAsync(line.OneId, line.Key, new PriceAnswer(Price: line.Price, Region: line.Region, AgeBand: line.AgeBand), line.Channel);
        }
        var path = scenario.WriteFile(["one_id,channel,idempotency_key,price,region,age_band", .. lines.Select(l => l.Text)]);

        var result = await scenario.ImportAsync(path, "--chunk", "250");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(lines.Count - 150, PriceImports.Summary(result, "stored"));
        Assert.Equal(150, PriceImports.Summary(result, "already imported (skipped)"));
        var stored = await scenario.SubmissionsAsync();
        Assert.Equal(lines.Count, stored.Count);
        Assert.Equal(lines.Select(l => l.OneId).Distinct().Count(), stored.Select(s => s.StreamId).Distinct().Count());

        // The other way round: a person re-sending an imported answer with its key gets the replay, not a second count.
        var imported = lines[^1];
        var replay = await scenario.SubmitLiveAsync(imported.OneId, imported.Key,
            new PriceAnswer(Price: imported.Price, Region: imported.Region, AgeBand: imported.AgeBand), imported.Channel);
        Assert.True(replay.Replayed);
        await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() =>
            scenario.SubmitLiveAsync(imported.OneId, imported.Key, new PriceAnswer(Price: item.Max), imported.Channel));
        Assert.Equal(lines.Count, (await scenario.SubmissionsAsync()).Count);
    }

    [Fact]
    public async Task a_key_already_used_with_another_answer_is_reported_as_an_error_and_not_stored()
    {
        await using var scenario = new PriceImports(fixture);
        await scenario.DefineAsync(PricingModes.Direct);
        var key = Guid.NewGuid();
        await scenario.SubmitLiveAsync("reused-person", key, new PriceAnswer(Price: 150_000));
        var other = Guid.NewGuid();
        var path = scenario.WriteFile([
            "one_id,channel,idempotency_key,price",
            $"reused-person,app,{key},160000",
            $"other-person,app,{other},170000",
            $"other-person,app,{other},180000",
        ]);

        var result = await scenario.ImportAsync(path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(1, PriceImports.Summary(result, "stored"));
        Assert.Equal(2, PriceImports.Summary(result, "key reused with another answer"));
        Assert.Equal([(2L, "idempotency_key"), (4L, "idempotency_key")],
            PriceImports.ReadErrors(scenario.PathOf("prices.errors.csv")).Select(e => (e.Line, e.Column)).Order());
        Assert.Equal([150_000L, 170_000L], (await scenario.SubmissionsAsync()).Select(s => s.Price!.Value).Order());
    }

    [Fact]
    public async Task every_invalid_row_goes_to_the_errors_file_with_its_line_and_column_and_nothing_of_it_is_stored()
    {
        await using var scenario = new PriceImports(fixture);
        await scenario.DefineAsync(PricingModes.Direct);
        string Key() => Guid.NewGuid().ToString();
        var path = scenario.WriteFile([
            "one_id,channel,idempotency_key,price,too_cheap,region,age_band",
            $"ok-1,app,{Key()},150000,,North,25-34",                 // 2 valid
            $"p-1,app,{Key()},150500,,,",                            // 3 off the grid
            $"p-2,app,{Key()},99000,,,",                             // 4 below min
            $"p-3,app,{Key()},,,,",                                  // 5 no price
            $"p-4,app,{Key()},abc,,,",                               // 6 not a number
            $"p-5,app,{Key()},150000,140000,,",                      // 7 a psm field on a direct item
            $"p-6,app,not-a-uuid,150000,,,",                         // 8 bad key
            $"p-7,fax,{Key()},150000,,,",                            // 9 unknown channel
            $",app,{Key()},150000,,,",                               // 10 no OneID
            $"p-8,app,{Key()},150000,,<b>,",                         // 11 region with markup
            $"p-9,app,{Key()},150000,,,17-19",                       // 12 unknown age band
            $"p-10,app,{Key()},150000",                              // 13 a missing column
            $"p-11,app,{Key()},15\"0000,,,",                         // 14 a stray quote
            $"p-12,app,{Key()},\"150000,,,",                         // 15 an unterminated quote
            $"ok-2,\"web\",{Key()},\"151000\",,\"South West\",",    // 16 quoted fields, valid
            $"p-13,app,{Key()},\"150000\"x,,,",                      // 17 text after a closing quote
        ]);

        var result = await scenario.ImportAsync(path, "--errors", scenario.PathOf("bad.csv"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(16, PriceImports.Summary(result, "read"));
        Assert.Equal(2, PriceImports.Summary(result, "stored"));
        Assert.Equal(14, PriceImports.Summary(result, "invalid"));
        Assert.Equal(
            [(3L, "price"), (4L, "price"), (5L, "price"), (6L, "price"), (7L, "too_cheap"), (8L, "idempotency_key"), (9L, "channel"),
             (10L, "one_id"), (11L, "region"), (12L, "age_band"), (13L, "row"), (14L, "row"), (15L, "row"), (17L, "row")],
            PriceImports.ReadErrors(scenario.PathOf("bad.csv")).Select(e => (e.Line, e.Column)));
        Assert.Contains("line 3, price:", result.Output, StringComparison.Ordinal);
        var stored = await scenario.SubmissionsAsync();
        Assert.Equal([(150_000L, "app", "North", "25-34"), (151_000L, "web", "South West", null)],
            stored.OrderBy(s => s.Price).Select(s => (s.Price!.Value, s.Channel, s.Region, s.AgeBand)));
    }

    [Fact]
    public async Task a_person_answering_twice_within_one_chunk_ends_with_the_later_answer_current()
    {
        await using var scenario = new PriceImports(fixture);
        await scenario.DefineAsync(PricingModes.Direct);
        var path = scenario.WriteFile([
            "one_id,channel,idempotency_key,price",
            $"reviser,app,{Guid.NewGuid()},150000",
            $"someone,app,{Guid.NewGuid()},200000",
            $"reviser,wechat,{Guid.NewGuid()},180000",
            $"reviser,web,{Guid.NewGuid()},170000",
        ]);

        var result = await scenario.ImportAsync(path);

        Assert.True(result.ExitCode == 0, result.ToString());
        var participant = (await scenario.ParticipantsAsync())["reviser"];
        var stream = (await scenario.SubmissionsAsync()).Where(s => s.ParticipantId == participant).ToList();
        Assert.Equal([(1L, 150_000L, "app"), (2L, 180_000L, "wechat"), (3L, 170_000L, "web")], stream.Select(s => (s.Version, s.Price!.Value, s.Channel)));
        Assert.Equal(stream.OrderBy(s => s.Sequence), stream);
    }

    [Fact]
    public async Task an_unknown_item_or_campaign_exits_1_and_stores_nothing()
    {
        await using var scenario = new PriceImports(fixture);
        await scenario.DefineAsync(PricingModes.Direct);
        var path = scenario.WriteFile(["one_id,channel,idempotency_key,price", $"p,app,{Guid.NewGuid()},150000"]);
        var before = await scenario.EventCountAsync();

        var noItem = await CliRun.RunAsync(CliRun.Database(fixture.Schema), "import", "prices", "--campaign", scenario.CampaignId, "--item", "nope", path);
        var noCampaign = await CliRun.RunAsync(CliRun.Database(fixture.Schema), "import", "prices", "--campaign", "nope", "--item", scenario.ItemId, path);

        Assert.Equal(1, noItem.ExitCode);
        Assert.Contains($"has no pricing item nope", noItem.Error, StringComparison.Ordinal);
        Assert.Equal(1, noCampaign.ExitCode);
        Assert.Contains("There is no campaign nope", noCampaign.Error, StringComparison.Ordinal);
        Assert.Equal(before, await scenario.EventCountAsync());
    }

    [Fact]
    public async Task a_header_without_a_column_the_mode_needs_is_a_usage_error_and_stores_nothing()
    {
        await using var scenario = new PriceImports(fixture);
        await scenario.DefineAsync(PricingModes.Psm);
        var path = scenario.WriteFile(["one_id,channel,idempotency_key,price", $"p,app,{Guid.NewGuid()},150000"]);
        var before = await scenario.EventCountAsync();

        var result = await scenario.ImportAsync(path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("too_cheap, cheap, expensive, too_expensive", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await scenario.EventCountAsync());
    }

    [Fact]
    public async Task an_unreachable_database_exits_1()
    {
        await using var scenario = new PriceImports(fixture);
        var path = scenario.WriteFile(["one_id,channel,idempotency_key,price", $"p,app,{Guid.NewGuid()},150000"]);

        var result = await scenario.ImportAsync(path, "--connection", "Host=127.0.0.1;Port=1;Username=nobody;Timeout=3");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Cannot reach PostgreSQL", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_missing_file_or_a_chunk_out_of_range_is_a_usage_error()
    {
        await using var scenario = new PriceImports(fixture);
        await scenario.DefineAsync(PricingModes.Direct);
        var path = scenario.WriteFile(["one_id,channel,idempotency_key,price"]);

        Assert.Equal(2, (await scenario.ImportAsync(scenario.PathOf("missing.csv"))).ExitCode);
        Assert.Equal(2, (await scenario.ImportAsync(path, "--chunk", "0")).ExitCode);
    }

    [Fact]
    public async Task a_dry_run_checks_every_row_and_writes_the_errors_but_stores_nothing()
    {
        await using var scenario = new PriceImports(fixture);
        await scenario.DefineAsync(PricingModes.Direct);
        var lines = DirectLines(800, people: 800, seed: 5);
        var path = scenario.WriteFile(["one_id,channel,idempotency_key,price,region,age_band", .. lines.Select(l => l.Text)]);
        var before = await scenario.EventCountAsync();

        var result = await scenario.ImportAsync(path, "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(lines.Count(l => l.BadColumn is null), PriceImports.Summary(result, "valid (not stored: dry run)"));
        Assert.Equal(lines.Count(l => l.BadColumn is not null), PriceImports.ReadErrors(scenario.PathOf("prices.errors.csv")).Count);
        Assert.Equal(before, await scenario.EventCountAsync());
    }

    [Fact]
    public async Task ctrl_c_stops_after_the_current_chunk_and_running_again_imports_the_rest()
    {
        await using var scenario = new PriceImports(fixture);
        await scenario.DefineAsync(PricingModes.Direct);
        var lines = DirectLines(2_000, people: 2_000, seed: 6).Where(l => l.BadColumn is null).ToList();
        var path = scenario.WriteFile(["one_id,channel,idempotency_key,price,region,age_band", .. lines.Select(l => l.Text)]);
        using var cancel = new CancellationTokenSource();
        // Redirected output prints one line per committed chunk: Ctrl-C as soon as the first one is reported.
        using var output = new CallbackWriter(printed =>
        {
            if (printed.Contains("rows read", StringComparison.Ordinal)) cancel.Cancel();
        });
        using var error = new StringWriter();

        var exitCode = await Cli.RunAsync(
            ["import", "prices", "--campaign", scenario.CampaignId, "--item", scenario.ItemId, path, "--chunk", "500"],
            output, error, CliRun.Database(fixture.Schema), cancel.Token);

        Assert.True(exitCode == 130, $"exit {exitCode}\n{output}\n{error}");
        Assert.Equal(500, (await scenario.SubmissionsAsync()).Count);
        Assert.Contains("Run the same command again", output.ToString(), StringComparison.Ordinal);

        var rest = await scenario.ImportAsync(path, "--chunk", "500");

        Assert.True(rest.ExitCode == 0, rest.ToString());
        Assert.Equal(lines.Count - 500, PriceImports.Summary(rest, "stored"));
        Assert.Equal(500, PriceImports.Summary(rest, "already imported (skipped)"));
        await AssertStoredAsync(scenario, lines);
    }

    [Fact]
    public async Task redirected_output_prints_a_plain_line_per_chunk_and_the_summary()
    {
        await using var scenario = new PriceImports(fixture);
        await scenario.DefineAsync(PricingModes.Direct);
        var lines = DirectLines(1_000, people: 1_000, seed: 7).Where(l => l.BadColumn is null).ToList();
        var path = scenario.WriteFile(["one_id,channel,idempotency_key,price,region,age_band", .. lines.Select(l => l.Text)]);

        var result = await scenario.ImportAsync(path, "--chunk", "300");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(4, result.Output.Split('\n').Count(l => l.Contains("rows read", StringComparison.Ordinal)));
        Assert.Contains($"{lines.Count:N0} rows read", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', result.Output);
        Assert.True(PriceImports.Summary(result, "rows/s") > 0);
    }

    /// <summary>
    /// Checks the stored events against the rows independently: one event per valid row, on the stream of the person's
    /// participant id, with the row's fields (region trimmed, blanks as null), in file order per person, each key stored.
    /// </summary>
    private static async Task AssertStoredAsync(PriceImports scenario, IReadOnlyList<Line> valid)
    {
        var participants = await scenario.ParticipantsAsync();
        var stored = await scenario.SubmissionsAsync();
        Assert.Equal(valid.Count, stored.Count);
        var expected = valid.Select(l => (
            Stream: $"price/{scenario.CampaignId}/{scenario.ItemId}/{participants[l.OneId]:N}", participants[l.OneId], l.Channel,
            l.Price, Psm: l.Psm is null ? "" : string.Join(",", l.Psm), Likelihoods: l.Likelihoods is null ? "" : string.Join(",", l.Likelihoods),
            Region: string.IsNullOrWhiteSpace(l.Region) ? null : l.Region.Trim(), l.AgeBand)).ToList();
        var actual = stored.Select(s => (
            Stream: s.StreamId, s.ParticipantId, s.Channel, s.Price,
            Psm: s.TooCheap is null ? "" : string.Join(",", s.TooCheap, s.Cheap, s.Expensive, s.TooExpensive),
            Likelihoods: s.LikelihoodAtCheap is null ? "" : string.Join(",", s.LikelihoodAtCheap, s.LikelihoodAtExpensive),
            s.Region, s.AgeBand)).ToList();
        Assert.Equal(expected.Order(), actual.Order());

        // Per person, the versions follow the file's order: the last row of a person is their current answer.
        foreach (var person in expected.GroupBy(e => e.Stream))
        {
            var events = stored.Where(s => s.StreamId == person.Key).OrderBy(s => s.Version).ToList();
            Assert.Equal(Enumerable.Range(1, events.Count).Select(v => (long)v), events.Select(e => e.Version));
            Assert.Equal(person.Select(p => p.Price), events.Select(e => e.Price));
        }
        Assert.All(stored, s => Assert.StartsWith("cli:", s.Actor, StringComparison.Ordinal));
        var keys = valid.Select(l => $"price:{participants[l.OneId]:N}:{l.Key:D}").ToList();
        Assert.Equal(keys.Count, (await scenario.StoredKeysAsync(keys)).Count);
    }

    /// <summary>
    /// Rows of a direct item (one_id,channel,idempotency_key,price,region,age_band): people answering once or more,
    /// with about one row in twelve broken in one column, each kind of mistake in turn.
    /// </summary>
    private static List<Line> DirectLines(int count, int people, int seed)
    {
        var random = new Random(seed);
        string?[] regions = ["North", " East ", "", "South-West", "华东"];
        (string Column, Func<string, string> Break)[] mistakes =
        [
            ("price", _ => "150500"), ("price", _ => "301000"), ("price", _ => "12.5"), ("channel", _ => "fax"),
            ("idempotency_key", _ => "not-a-uuid"), ("one_id", _ => ""), ("age_band", _ => "17-19"), ("region", _ => "a;b"),
        ];
        var lines = new List<Line>(count);
        for (var i = 0; i < count; i++)
        {
            var oneId = $"person-{seed}-{random.Next(people)}";
            var key = Guid.NewGuid();
            var channel = ChannelNames[random.Next(ChannelNames.Length)];
            var price = 100_000 + 1_000L * random.Next(0, 201);
            var region = regions[random.Next(regions.Length)];
            var ageBand = random.Next(4) == 0 ? null : AgeBandNames[random.Next(AgeBandNames.Length)];
            string[] fields = [oneId, channel, key.ToString(), price.ToString(CultureInfo.InvariantCulture), region ?? "", ageBand ?? ""];
            string? bad = null;
            if (i % 12 == 5)
            {
                var (column, breakIt) = mistakes[i / 12 % mistakes.Length];
                var index = Array.IndexOf<string>(["one_id", "channel", "idempotency_key", "price", "region", "age_band"], column);
                fields[index] = breakIt(fields[index]);
                bad = column;
            }
            // Quote some fields, as spreadsheets do.
            if (random.Next(5) == 0) fields[3] = $"\"{fields[3]}\"";
            lines.Add(new Line(string.Join(",", fields), oneId, key, channel, price, null, null, region, ageBand, bad));
        }
        return lines;
    }

    /// <summary>A captured stdout that shows everything printed so far after each write, as a person at the terminal sees it.</summary>
    private sealed class CallbackWriter(Action<string> onPrinted) : StringWriter
    {
        public override void Write(char value)
        {
            base.Write(value);
            onPrinted(ToString());
        }

        public override void Write(string? value)
        {
            base.Write(value);
            onPrinted(ToString());
        }

        public override void Write(char[] buffer, int index, int count)
        {
            base.Write(buffer, index, count);
            onPrinted(ToString());
        }
    }
}
