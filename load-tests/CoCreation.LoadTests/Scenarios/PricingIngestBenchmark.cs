using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CoCreation.LoadTests.Infrastructure;
using CoCreation.LoadTests.Workloads;
using Npgsql;
using Spectre.Console;

namespace CoCreation.LoadTests.Scenarios;

/// <summary>What importing, projecting and exporting D90's price points cost, beside PostgreSQL's own COPY of the same file.</summary>
internal sealed record IngestFigures(
    long Rows, long People, long FileBytes,
    double RawCopySeconds, double RawCopyRowsPerSecond,
    double ImportSeconds, double ImportRowsPerSecond, double RerunSeconds, long RerunStored,
    double CatchUpSeconds, double ExportSeconds, double ExportRowsPerSecond, long ExportRows, long ExportBytes,
    double HistogramExportSeconds, double ApiPeakMemoryMb, double ApiMemoryAfterMb, bool Verified);

/// <summary>
/// Against a real PostgreSQL and the real API and CLI as child processes: writes the answers as a CSV file, copies it
/// raw into a plain table with COPY (the baseline), imports it with <c>cocreation import prices</c> (validation,
/// participants directory, idempotency keys, binary COPY into the event log), runs the import again (it must store
/// nothing), waits until the API's live statistics count every person, then times the raw and histogram exports.
/// </summary>
internal static class PricingIngestBenchmark
{
    private const string AdminKey = "bench-admin-key-0123456789abcdef";
    private const string Schema = "cocreation_bench_pricing";

    public static async Task<IngestFigures> RunAsync(D90Answers answers, string connectionString, string repository, string work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answers);
        Directory.CreateDirectory(work);
        var csv = Path.Combine(work, "d90-prices.csv");
        var fileBytes = await WriteCsvAsync(answers, csv, cancellationToken);
        AnsiConsole.MarkupLine($"  wrote {answers.Submissions:N0} rows ({fileBytes / 1024.0 / 1024.0:F0} MB) to {Markup.Escape(csv)}");

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await ResetAsync(dataSource, cancellationToken);
        var rawCopy = await RawCopyAsync(dataSource, csv, cancellationToken);
        AnsiConsole.MarkupLine($"  raw COPY: {rawCopy.TotalSeconds:F1} s");

        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__CoCreation"] = connectionString,
            ["EventStore__Schema"] = Schema,
            ["Auth__OneId__Issuer"] = "https://oneid.bench",
            ["Auth__OneId__SigningKey"] = "bench-oneid-signing-key-0123456789-abcdef",
            ["Auth__AdminKeys__0"] = AdminKey,
            ["Auth__HostKeys__0"] = "bench-host-key-0123456789abcdef",
            ["Pseudonym__Key"] = "bench-pseudonym-key-0123456789-abcdef",
            ["Live__OverlayTokenKey"] = "bench-overlay-token-key-0123456789-abcdef",
            ["Demo__Seed"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        await using var api = await ApiProcess.StartAsync(
            ApiProcess.ReleaseBuild, environment, Path.Combine(work, "api.log"), cancellationToken);
        using var http = new HttpClient { BaseAddress = api.Address, Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        await DefineItemAsync(http, cancellationToken);

        var cli = Path.Combine(repository, "src/CoCreation.Cli/bin/Release/net10.0/cocreation.dll");
        string[] import = [cli, "import", "prices", "--campaign", PricingStatsBenchmark.CampaignId, "--item", PricingStatsBenchmark.ItemId, csv];
        var imported = await RunCliAsync(import, environment, Path.Combine(work, "import.log"), cancellationToken);
        AnsiConsole.MarkupLine($"  import: {imported.TotalSeconds:F1} s");
        var stored = await CountSubmissionsAsync(dataSource, cancellationToken);

        var caughtUp = Stopwatch.StartNew();
        await WaitForParticipantsAsync(http, answers.People, cancellationToken);
        caughtUp.Stop();
        var peakAfterProjection = api.Stats.PeakMemoryMb();

        var rerun = await RunCliAsync(import, environment, Path.Combine(work, "import-again.log"), cancellationToken);
        var rerunStored = await CountSubmissionsAsync(dataSource, cancellationToken) - stored;
        AnsiConsole.MarkupLine($"  import again: {rerun.TotalSeconds:F1} s, {rerunStored:N0} stored");

        var item = $"/api/campaigns/{PricingStatsBenchmark.CampaignId}/pricing/{PricingStatsBenchmark.ItemId}";
        var (exportTime, exportRows, exportBytes) = await ExportAsync(http, $"{item}/export?kind=raw&format=csv", cancellationToken);
        AnsiConsole.MarkupLine($"  raw export: {exportRows:N0} rows in {exportTime.TotalSeconds:F1} s");
        var (histogramTime, _, _) = await ExportAsync(http, $"{item}/export?kind=histogram&format=csv", cancellationToken);

        var verified = stored == answers.Submissions && rerunStored == 0 && exportRows == answers.People;
        if (!verified)
        {
            AnsiConsole.MarkupLine($"[red]verification failed[/]: stored {stored:N0} of {answers.Submissions:N0}, re-run stored {rerunStored:N0}, export rows {exportRows:N0} of {answers.People:N0} people");
        }
        return new IngestFigures(
            answers.Submissions, answers.People, fileBytes,
            Round(rawCopy.TotalSeconds), Math.Round(answers.Submissions / rawCopy.TotalSeconds),
            Round(imported.TotalSeconds), Math.Round(answers.Submissions / imported.TotalSeconds), Round(rerun.TotalSeconds), rerunStored,
            Round(caughtUp.Elapsed.TotalSeconds), Round(exportTime.TotalSeconds), Math.Round(exportRows / exportTime.TotalSeconds), exportRows, exportBytes,
            Round(histogramTime.TotalSeconds), Math.Round(Math.Max(peakAfterProjection, api.Stats.PeakMemoryMb())), Math.Round(api.Stats.MemoryMb()), verified);
    }

    private static double Round(double seconds) => Math.Round(seconds, 2);

    private static async Task<long> WriteCsvAsync(D90Answers answers, string path, CancellationToken cancellationToken)
    {
        await using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 20))
        {
            await writer.WriteLineAsync("one_id,channel,idempotency_key,price,region,age_band");
            foreach (var a in answers.Generate())
            {
                cancellationToken.ThrowIfCancellationRequested();
                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{D90Answers.OneIdOf(a.Person)},{a.Channel},{a.Key:D},{a.Price},{a.Region},{a.AgeBand}"));
            }
        }
        return new FileInfo(path).Length;
    }

    private static async Task ResetAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            drop schema if exists {Schema} cascade;
            drop table if exists public.bench_raw_copy;
            create table public.bench_raw_copy (one_id text, channel text, idempotency_key uuid, price bigint, region text, age_band text);
            """);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>PostgreSQL's own CSV COPY of the same file into a plain table: the floor any import pays.</summary>
    private static async Task<TimeSpan> RawCopyAsync(NpgsqlDataSource dataSource, string csv, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var import = await connection.BeginTextImportAsync("copy public.bench_raw_copy from stdin (format csv, header true)", cancellationToken))
        using (var file = new StreamReader(csv))
        {
            var buffer = new char[1 << 16];
            int read;
            while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0) await import.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        stopwatch.Stop();
        await using var drop = new NpgsqlCommand("drop table public.bench_raw_copy", connection);
        await drop.ExecuteNonQueryAsync(cancellationToken);
        return stopwatch.Elapsed;
    }

    private static async Task DefineItemAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var campaign = await http.PutAsync($"/api/campaigns/{PricingStatsBenchmark.CampaignId}", Json("""{"name": "D90 benchmark"}"""), cancellationToken);
        campaign.EnsureSuccessStatusCode();
        var item = await http.PutAsync($"/api/campaigns/{PricingStatsBenchmark.CampaignId}/pricing/{PricingStatsBenchmark.ItemId}", Json(
            $$"""{"name": "D90 2.0T 4WD", "currency": "CNY", "min": {{D90Answers.Min}}, "max": {{D90Answers.Max}}, "step": {{D90Answers.Step}}, "mode": "direct"}"""),
            cancellationToken);
        item.EnsureSuccessStatusCode();
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<TimeSpan> RunCliAsync(string[] arguments, IReadOnlyDictionary<string, string> environment, string log, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the CLI.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        stopwatch.Stop();
        await File.WriteAllTextAsync(log, await output + await error, cancellationToken);
        if (process.ExitCode != 0) throw new InvalidOperationException($"cocreation {string.Join(' ', arguments.Skip(1))} exited with {process.ExitCode}; see {log}.");
        return stopwatch.Elapsed;
    }

    private static async Task<long> CountSubmissionsAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"select count(*) from {Schema}.events where type = 'price-submitted'");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task WaitForParticipantsAsync(HttpClient http, long people, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (DateTime.UtcNow < deadline)
        {
            var stats = await http.GetStringAsync($"/api/campaigns/{PricingStatsBenchmark.CampaignId}/pricing/{PricingStatsBenchmark.ItemId}/stats", cancellationToken);
            if (JsonDocument.Parse(stats).RootElement.GetProperty("participants").GetInt64() >= people) return;
            await Task.Delay(50, cancellationToken);
        }
        throw new TimeoutException("The live statistics did not count every person within 10 minutes.");
    }

    /// <summary>Streams an export to nowhere, counting data rows (lines after the header) and bytes.</summary>
    private static async Task<(TimeSpan Elapsed, long Rows, long Bytes)> ExportAsync(HttpClient http, string url, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[1 << 16];
        long lines = 0, bytes = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            bytes += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }
        stopwatch.Stop();
        return (stopwatch.Elapsed, lines - 1, bytes);
    }
}
