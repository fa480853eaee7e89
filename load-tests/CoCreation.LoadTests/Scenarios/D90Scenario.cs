using System.CommandLine;
using CoCreation.LoadTests.Infrastructure;
using CoCreation.LoadTests.Reporting;
using CoCreation.LoadTests.Workloads;
using Spectre.Console;

namespace CoCreation.LoadTests.Scenarios;

/// <summary>
/// D90 at full scale through the real HTTP API and real OneID tokens: 1,727,556 submissions from 660,899 people over
/// four configurations, shaped as a livestream burst (a ramp, then "price now" spikes), with retries on the same
/// idempotency key after timeouts and 503s. Verified afterwards against the database and an independent recount.
/// </summary>
internal static class D90Scenario
{
    public static Command Command()
    {
        var target = new Option<string?>("--target") { Description = "API to load (http://127.0.0.1:PORT); default: start one from the Release build" };
        var scale = new Option<double>("--scale") { Description = "Fraction of D90's people and submissions", DefaultValueFactory = _ => 1.0 };
        var output = new Option<string>("--out") { Description = "JSON results file (a .md table is written beside it)", DefaultValueFactory = _ => "load-tests/results/d90.json" };
        var connections = new Option<int>("--connections") { Description = "Concurrent HTTP requests at the peak", DefaultValueFactory = _ => 256 };
        var serverPid = new Option<int?>("--server-pid") { Description = "Process id of the --target API, for its CPU and memory" };
        var baselines = new Option<bool>("--baselines") { Description = "Also measure pgbench, COPY and wrk baselines on this machine after the burst", DefaultValueFactory = _ => false };

        var command = new Command("d90", "The D90 price burst through HTTP + auth + validation + durable append; verified against the log.")
        {
            target, scale, output, connections, serverPid, baselines,
        };
        command.SetAction(async (parse, cancellationToken) => await RunAsync(
            parse.GetValue(target), parse.GetValue(scale), parse.GetValue(output)!, parse.GetValue(connections), parse.GetValue(serverPid),
            parse.GetValue(baselines), cancellationToken));
        return command;
    }

    internal sealed record Result(
        string Scenario, DateTimeOffset At, string Machine, string Campaign, int People, int Planned, long Acknowledged, long ExpectedRefusals,
        double Seconds, double AcknowledgedPerSecond, long PeakAcknowledgedPerSecond, LatencySummary LatencyMs, LatencySummary StatsReadLatencyMs,
        IReadOnlyDictionary<string, long> Statuses, long Timeouts, long ConnectionErrors, long GaveUp, LatencySummary ProjectionLagMs,
        double? ServerCpuPercent, double? ServerPeakMemoryMb, long EventsInLog, long Lost, long Duplicates, IReadOnlyList<string> Problems, bool Verified,
        BaselineFigures? Baselines = null);

    private static async Task<int> RunAsync(
        string? target, double scale, string output, int connections, int? serverPid, bool baselines, CancellationToken cancellationToken)
    {
        var settings = Settings.FromEnvironment();
        var (api, address, server) = await ApiProcess.OpenAsync(target, serverPid, settings.ApiEnvironment(), "d90", cancellationToken);
        try
        {
            var run = new D90Run(address, settings, D90Burst.Scaled(scale), connections, server);
            var result = await run.ExecuteAsync(cancellationToken);
            if (api is not null)
            {
                await api.DisposeAsync();
                api = null;
            }
            if (baselines && settings.Connection is { } connection)
            {
                AnsiConsole.MarkupLine("Baselines on this machine now: pgbench (32 clients, a row per transaction), COPY of as many events, wrk on a bare endpoint");
                result = result with { Baselines = await Baselines.MeasureAsync(connection, result.Planned, cancellationToken) };
            }
            return await ScenarioReport.FinishAsync(Table(result), output, result, Markdown(result), result.Verified, cancellationToken);
        }
        finally
        {
            if (api is not null) await api.DisposeAsync();
        }
    }

    private static Table Table(Result r)
    {
        var table = new Table().AddColumns("figure", "value");
        table.AddRow("acknowledged", $"{r.Acknowledged:N0} of {r.Planned - r.ExpectedRefusals:N0} valid ({r.ExpectedRefusals:N0} absurd refused)");
        table.AddRow("time", $"{r.Seconds:F1} s");
        table.AddRow("acknowledged/s", $"mean {r.AcknowledgedPerSecond:N0}, peak {r.PeakAcknowledgedPerSecond:N0}");
        table.AddRow("POST latency ms", $"p50 {r.LatencyMs.P50}, p95 {r.LatencyMs.P95}, p99 {r.LatencyMs.P99}, max {r.LatencyMs.Max}");
        table.AddRow("GET stats latency ms", $"p50 {r.StatsReadLatencyMs.P50}, p99 {r.StatsReadLatencyMs.P99}");
        table.AddRow("projection lag ms", $"p50 {r.ProjectionLagMs.P50}, p99 {r.ProjectionLagMs.P99} ({r.ProjectionLagMs.Count:N0} samples)");
        ScenarioReport.AddOutcomeRows(table, r.Statuses, r.Timeouts, r.ConnectionErrors, r.GaveUp, r.ServerCpuPercent, r.ServerPeakMemoryMb,
            r.EventsInLog, r.Lost, r.Duplicates, r.Problems, r.Verified);
        return table;
    }

    private static string Markdown(Result r)
    {
        string Met(bool met) => met ? "met" : "**missed**";
        var lines = new List<string>
        {
            $"D90 burst through HTTP: {r.Planned:N0} submissions from {r.People:N0} people over four configurations, the load generator on the same machine ({r.Machine}; measured {r.At:yyyy-MM-dd HH:mm} UTC).",
            "",
            "| what | time | rate | p50 ms | p99 ms | ours ÷ it |",
            "|---|---:|---:|---:|---:|---:|",
            $"| **CoCreation end-to-end ingest** (HTTP + OneID JWT + validation + durable group commit), {r.Acknowledged:N0} acknowledged | {r.Seconds:F1} s | {r.AcknowledgedPerSecond:N0}/s (peak {r.PeakAcknowledgedPerSecond:N0}) | {r.LatencyMs.P50} | {r.LatencyMs.P99} | |",
        };
        if (r.Baselines is { } b)
        {
            if (b.PgbenchTps is { } tps) lines.Add($"| PostgreSQL, one row per transaction, pgbench 32 clients | | {tps:N0}/s | | | {r.AcknowledgedPerSecond / tps:F2}× |");
            if (b.CopyEventsPerSecond is { } copy) lines.Add($"| PostgreSQL binary COPY of {r.Planned:N0} event rows | {r.Planned / copy:F1} s | {copy:N0}/s | | | {r.AcknowledgedPerSecond / copy:F2}× |");
            if (b.HttpCeilingRequestsPerSecond is { } http) lines.Add($"| HTTP ceiling: bare ASP.NET Core `GET /ping`, wrk 256 connections | | {http:N0}/s | | | {r.AcknowledgedPerSecond / http:F2}× |");
        }
        lines.Add("");
        lines.Add($"Projection lag (acknowledged → visible in the stats) p50 {r.ProjectionLagMs.P50} ms, p99 {r.ProjectionLagMs.P99} ms; server CPU {(r.ServerCpuPercent is { } cpu ? $"{cpu:F0}% of one core" : "–")}, peak memory {(r.ServerPeakMemoryMb is { } mb ? $"{mb:N0} MB" : "–")}; statuses {string.Join(", ", r.Statuses.Select(s => $"{s.Key}: {s.Value:N0}"))}; lost {r.Lost}, duplicates {r.Duplicates}; verified against the log and a recount: **{(r.Verified ? "yes" : "NO")}**.");
        lines.Add("");
        var targets = new List<string>
        {
            $"≥ 25,000 acknowledged/s: {Met(r.AcknowledgedPerSecond >= 25_000)}",
            $"whole burst ≤ 70 s: {Met(r.Seconds <= 70)}",
            $"p99 ≤ 100 ms: {Met(r.LatencyMs.P99 <= 100)}",
            $"projection lag p99 ≤ 1 s: {Met(r.ProjectionLagMs.P99 <= 1_000)}",
            $"server peak memory ≤ 1.5 GB: {(r.ServerPeakMemoryMb is { } peak ? Met(peak <= 1_536) : "not measured")}",
            $"zero loss: {Met(r.Lost == 0 && r.Duplicates == 0 && r.Verified)}",
        };
        if (r.Baselines?.PgbenchTps is { } pg) targets.Add($"≥ 3× pgbench: {Met(r.AcknowledgedPerSecond >= 3 * pg)}");
        lines.Add("Targets: " + string.Join("; ", targets) + ".");
        lines.Add("");
        return string.Join('\n', lines);
    }

    /// <summary>What the API is configured with, from the same environment variables (the generator mints tokens with the OneID key).</summary>
    internal sealed record Settings(string Issuer, string SigningKey, string AdminKey, string? Connection, string Schema, IReadOnlyDictionary<string, string> Environment)
    {
        public static Settings FromEnvironment()
        {
            static string Required(string name) => System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
                ? value : throw new InvalidOperationException($"Set {name} (as for the API; source .data/demo.env or use load-tests/run-benchmark.sh).");
            var environment = System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .Where(e => e.Key is string key && (key.StartsWith("Auth__", StringComparison.Ordinal) || key.StartsWith("ConnectionStrings__", StringComparison.Ordinal)
                    || key.StartsWith("EventStore__", StringComparison.Ordinal) || key.StartsWith("Pseudonym__", StringComparison.Ordinal)
                    || key.StartsWith("Live__", StringComparison.Ordinal) || key.StartsWith("Projections__", StringComparison.Ordinal)))
                .ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
            return new Settings(Required("Auth__OneId__Issuer"), Required("Auth__OneId__SigningKey"), Required("Auth__AdminKeys__0"),
                System.Environment.GetEnvironmentVariable("ConnectionStrings__CoCreation"),
                System.Environment.GetEnvironmentVariable("EventStore__Schema") ?? "cocreation", environment);
        }

        public Dictionary<string, string> ApiEnvironment() => new(Environment, StringComparer.Ordinal)
        {
            ["Demo__Seed"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        };
    }
}
