using System.CommandLine;
using System.Globalization;
using CoCreation.LoadTests.Infrastructure;
using CoCreation.LoadTests.Reporting;
using CoCreation.LoadTests.Workloads;
using Spectre.Console;

namespace CoCreation.LoadTests.Scenarios;

/// <summary>
/// The pricing figures of issue 3, in one run on one machine: live statistics read cost at 10,000 answers and at
/// D90's 1.7M (it must be flat), the projection's memory at 1.7M, and (with a database) the CSV import rate beside a
/// raw COPY of the same file, and the export time of 1.7M rows.
/// </summary>
internal static class PricingScenario
{
    private const int SmallPeople = 10_000;

    public static Command Command()
    {
        var scale = new Option<double>("--scale") { Description = "Fraction of D90's 660,899 people and 1,727,556 submissions", DefaultValueFactory = _ => 1.0 };
        var output = new Option<string>("--out") { Description = "JSON results file (a .md table is written beside it)", DefaultValueFactory = _ => "load-tests/results/pricing.json" };
        var connection = new Option<string?>("--connection") { Description = "PostgreSQL for the import and export phase (default: ConnectionStrings__CoCreation; none: stats only)" };

        var command = new Command("pricing", "Stats read latency at 10k vs 1.7M answers, projection memory; import vs raw COPY; export time.")
        {
            scale, output, connection,
        };
        command.SetAction(async (parse, cancellationToken) => await RunAsync(
            parse.GetValue(scale), parse.GetValue(connection) ?? Environment.GetEnvironmentVariable("ConnectionStrings__CoCreation"),
            parse.GetValue(output)!, cancellationToken));
        return command;
    }

    private sealed record Result(
        string Scenario, DateTimeOffset At, string Machine, IReadOnlyList<StatsAtSize> Stats, double ReadGrowth, IngestFigures? Ingest, bool Verified);

    private static async Task<int> RunAsync(double scale, string? connectionString, string output, CancellationToken cancellationToken)
    {
        var full = D90Answers.Scaled(scale);
        var small = new D90Answers(Math.Min(SmallPeople, full.People), (int)((long)full.Submissions * Math.Min(SmallPeople, full.People) / full.People));
        AnsiConsole.MarkupLine($"[bold]pricing[/]: live statistics at {small.People:N0} and {full.People:N0} people ({full.Submissions:N0} submissions)");

        var stats = new List<StatsAtSize>();
        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(progress =>
            {
                // Warm-up, not reported: the first size would otherwise pay for JIT compilation.
                PricingStatsBenchmark.Measure(new D90Answers(2_000, 5_000, seed: 1), progress.AddTask("warm-up", maxValue: 5_000));
                foreach (var size in new[] { small, full })
                {
                    var task = progress.AddTask($"stats at {size.People:N0} people", maxValue: size.Submissions);
                    stats.Add(PricingStatsBenchmark.Measure(size, task));
                }
                return Task.CompletedTask;
            });

        var growth = Math.Round(stats[1].FreshReadMicroseconds.P50 / stats[0].FreshReadMicroseconds.P50, 2);

        IngestFigures? ingest = null;
        if (string.IsNullOrEmpty(connectionString))
        {
            AnsiConsole.MarkupLine("No database (--connection or ConnectionStrings__CoCreation): the import and export phase is skipped.");
        }
        else
        {
            AnsiConsole.MarkupLine($"[bold]pricing[/]: import, projection and export of {full.Submissions:N0} rows through the real API and CLI");
            var work = Path.Combine(Path.GetTempPath(), $"cocreation-pricing-bench-{Environment.ProcessId}");
            try
            {
                ingest = await PricingIngestBenchmark.RunAsync(full, connectionString, Repository.Root(), work, cancellationToken);
            }
            finally
            {
                if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
            }
        }
        var result = new Result("pricing", DateTimeOffset.UtcNow, $"{Environment.ProcessorCount} cores, {Environment.OSVersion}", stats, growth, ingest,
            ingest?.Verified ?? true);

        var table = new Table().AddColumns("people", "submissions", "applied/s", "memory MB", "fresh read p50/p99 µs", "cut read p50/p99 µs", "cached read p50 µs");
        foreach (var s in stats)
        {
            table.AddRow(N(s.People), N(s.Submissions), N(s.ApplyEventsPerSecond), s.ProjectionMemoryMb.ToString("F1", CultureInfo.InvariantCulture),
                $"{s.FreshReadMicroseconds.P50} / {s.FreshReadMicroseconds.P99}", $"{s.FreshCutReadMicroseconds.P50} / {s.FreshCutReadMicroseconds.P99}",
                s.CachedReadMicroseconds.P50.ToString(CultureInfo.InvariantCulture));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Summary(result).Replace("**", "", StringComparison.Ordinal));
        await ResultFiles.WriteAsync(output, result, Markdown(result), cancellationToken);
        AnsiConsole.MarkupLine($"results: {Markup.Escape(output)}");
        return result.Verified ? 0 : 1;
    }

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Markdown(Result r)
    {
        var lines = new List<string>
        {
            $"Pricing statistics of one item (grid {D90Answers.Min:N0}–{D90Answers.Max:N0} by {D90Answers.Step}, {(D90Answers.Max - D90Answers.Min) / D90Answers.Step + 1:N0} points; cuts by 5 channels × 20 regions), D90-shaped answers; {r.Machine}; measured {r.At:yyyy-MM-dd HH:mm} UTC.",
            "",
            "| people | submissions | applied events/s | projection memory | fresh read p50 / p99 | channel × region read p50 / p99 | cached read p50 |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        };
        lines.AddRange(r.Stats.Select(s =>
            $"| {N(s.People)} | {N(s.Submissions)} | {N(s.ApplyEventsPerSecond)} | {s.ProjectionMemoryMb:F1} MB | {s.FreshReadMicroseconds.P50} / {s.FreshReadMicroseconds.P99} µs | {s.FreshCutReadMicroseconds.P50} / {s.FreshCutReadMicroseconds.P99} µs | {s.CachedReadMicroseconds.P50} µs |"));
        lines.Add("");
        lines.Add(Summary(r));
        if (r.Ingest is { } i)
        {
            lines.AddRange(
            [
                "",
                $"Import and export of {N(i.Rows)} price points from {N(i.People)} people ({i.FileBytes / 1024.0 / 1024.0:F0} MB of CSV), API and CLI as separate processes on the same machine and PostgreSQL:",
                "",
                "| step | seconds | rows/s | vs raw COPY |",
                "|---|---:|---:|---:|",
                $"| raw `COPY … (format csv)` of the file into a plain table (baseline) | {i.RawCopySeconds:F2} | {N(i.RawCopyRowsPerSecond)} | 1.00× |",
                $"| `cocreation import prices` (validate, participants directory, idempotency keys, binary COPY into the log) | {i.ImportSeconds:F2} | {N(i.ImportRowsPerSecond)} | {i.ImportRowsPerSecond / i.RawCopyRowsPerSecond:F2}× |",
                $"| the same import again (stores {N(i.RerunStored)}: every key is already there) | {i.RerunSeconds:F2} | {N(i.Rows / i.RerunSeconds)} | |",
                $"| live statistics still behind when the import ended (the API follows the log as chunks commit; then it counts all {N(i.People)} people) | {i.CatchUpSeconds:F2} | | |",
                $"| raw CSV export ({N(i.ExportRows)} rows, {i.ExportBytes / 1024.0 / 1024.0:F0} MB, streamed) | {i.ExportSeconds:F2} | {N(i.ExportRowsPerSecond)} | |",
                $"| histogram export (the log as of now, recounted) | {i.HistogramExportSeconds:F2} | | |",
                "",
                $"API peak memory (VmHWM) over the run: **{N(i.ApiPeakMemoryMb)} MB** (resident at the end {N(i.ApiMemoryAfterMb)} MB). Verified (every row stored once, the re-run stored nothing, the export has one row per person): **{(i.Verified ? "yes" : "NO")}**.",
            ]);
        }
        return string.Join('\n', lines) + "\n";
    }

    private static string Summary(Result r) =>
        $"A fresh read at {N(r.Stats[1].People)} people costs **{r.ReadGrowth:F2}×** one at {N(r.Stats[0].People)} (flat means ≈ 1×: a read walks the grid, never the answers).";
}
