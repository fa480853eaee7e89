using System.CommandLine;
using CoCreation.LoadTests.Infrastructure;
using CoCreation.LoadTests.Reporting;
using CoCreation.LoadTests.Workloads;
using Spectre.Console;

namespace CoCreation.LoadTests.Scenarios;

/// <summary>
/// D90's product definition through the real HTTP API and real OneID tokens: 31,125 voters on 18 definition points
/// (single, multiple choice, score and points questions), some changing a ballot, nearly all leaving a suggestion.
/// Verified afterwards against the log and against the generator's own tally of everyone's last ballot.
/// </summary>
internal static class VotesScenario
{
    public static Command Command()
    {
        var target = new Option<string?>("--target") { Description = "API to load (http://127.0.0.1:PORT); default: start one from the Release build" };
        var scale = new Option<double>("--scale") { Description = "Fraction of D90's 31,125 voters", DefaultValueFactory = _ => 1.0 };
        var output = new Option<string>("--out") { Description = "JSON results file (a .md table is written beside it)", DefaultValueFactory = _ => "load-tests/results/votes.json" };
        var connections = new Option<int>("--connections") { Description = "Concurrent HTTP requests", DefaultValueFactory = _ => 256 };
        var serverPid = new Option<int?>("--server-pid") { Description = "Process id of the --target API, for its CPU and memory" };

        var command = new Command("votes", "D90's 18 definition points: ballots, changed ballots and suggestions through HTTP; verified against the log and a tally.")
        {
            target, scale, output, connections, serverPid,
        };
        command.SetAction(async (parse, cancellationToken) => await RunAsync(
            parse.GetValue(target), parse.GetValue(scale), parse.GetValue(output)!, parse.GetValue(connections), parse.GetValue(serverPid), cancellationToken));
        return command;
    }

    /// <param name="Acknowledged">Ballots and suggestions acknowledged (201, or 200 on a replay).</param>
    internal sealed record Result(
        string Scenario, DateTimeOffset At, string Machine, string Campaign, int Voters, int Questions, int Planned, long Acknowledged,
        long BallotsAcknowledged, long SuggestionsAcknowledged, double Seconds, double AcknowledgedPerSecond, long PeakAcknowledgedPerSecond,
        LatencySummary LatencyMs, LatencySummary BallotLatencyMs, LatencySummary SuggestionLatencyMs, LatencySummary ResultsReadLatencyMs,
        IReadOnlyDictionary<string, long> Statuses, long Timeouts, long ConnectionErrors, long GaveUp, LatencySummary ProjectionLagMs,
        double? ServerCpuPercent, double? ServerPeakMemoryMb, long EventsInLog, long Lost, long Duplicates, IReadOnlyList<string> Problems, bool Verified);

    private static async Task<int> RunAsync(string? target, double scale, string output, int connections, int? serverPid, CancellationToken cancellationToken)
    {
        var settings = D90Scenario.Settings.FromEnvironment();
        var (api, address, server) = await ApiProcess.OpenAsync(target, serverPid, settings.ApiEnvironment(), "votes", cancellationToken);
        try
        {
            var result = await new VotesRun(address, settings, VotesPlan.Scaled(scale), connections, server).ExecuteAsync(cancellationToken);
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
        table.AddRow("acknowledged", $"{r.Acknowledged:N0} of {r.Planned:N0} ({r.BallotsAcknowledged:N0} ballots, {r.SuggestionsAcknowledged:N0} suggestions)");
        table.AddRow("time", $"{r.Seconds:F1} s");
        table.AddRow("acknowledged/s", $"mean {r.AcknowledgedPerSecond:N0}, peak {r.PeakAcknowledgedPerSecond:N0}");
        table.AddRow("ballot latency ms", $"p50 {r.BallotLatencyMs.P50}, p95 {r.BallotLatencyMs.P95}, p99 {r.BallotLatencyMs.P99}, max {r.BallotLatencyMs.Max}");
        table.AddRow("suggestion latency ms", $"p50 {r.SuggestionLatencyMs.P50}, p95 {r.SuggestionLatencyMs.P95}, p99 {r.SuggestionLatencyMs.P99}, max {r.SuggestionLatencyMs.Max}");
        table.AddRow("GET results latency ms", $"p50 {r.ResultsReadLatencyMs.P50}, p99 {r.ResultsReadLatencyMs.P99}");
        table.AddRow("projection lag ms", $"p50 {r.ProjectionLagMs.P50}, p99 {r.ProjectionLagMs.P99} ({r.ProjectionLagMs.Count:N0} samples)");
        ScenarioReport.AddOutcomeRows(table, r.Statuses, r.Timeouts, r.ConnectionErrors, r.GaveUp, r.ServerCpuPercent, r.ServerPeakMemoryMb,
            r.EventsInLog, r.Lost, r.Duplicates, r.Problems, r.Verified);
        return table;
    }

    private static string Markdown(Result r) => string.Join('\n',
    [
        $"Product definition through HTTP: {r.Voters:N0} voters on {r.Questions} definition points (single, multi, score, points), {r.Planned:N0} requests, the load generator on the same machine ({r.Machine}; measured {r.At:yyyy-MM-dd HH:mm} UTC).",
        "",
        "| what | acknowledged | rate | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|",
        $"| ballots (first and changed) | {r.BallotsAcknowledged:N0} | | {r.BallotLatencyMs.P50} | {r.BallotLatencyMs.P95} | {r.BallotLatencyMs.P99} |",
        $"| suggestions | {r.SuggestionsAcknowledged:N0} | | {r.SuggestionLatencyMs.P50} | {r.SuggestionLatencyMs.P95} | {r.SuggestionLatencyMs.P99} |",
        $"| **all**, in {r.Seconds:F1} s | {r.Acknowledged:N0} | {r.AcknowledgedPerSecond:N0}/s (peak {r.PeakAcknowledgedPerSecond:N0}) | {r.LatencyMs.P50} | {r.LatencyMs.P95} | {r.LatencyMs.P99} |",
        "",
        $"Projection lag (acknowledged → visible in the results) p50 {r.ProjectionLagMs.P50} ms, p99 {r.ProjectionLagMs.P99} ms; results read p50 {r.ResultsReadLatencyMs.P50} ms; server CPU {(r.ServerCpuPercent is { } cpu ? $"{cpu:F0}% of one core" : "–")}, peak memory {(r.ServerPeakMemoryMb is { } mb ? $"{mb:N0} MB" : "–")}; statuses {string.Join(", ", r.Statuses.Select(s => $"{s.Key}: {s.Value:N0}"))}; lost {r.Lost}, duplicates {r.Duplicates}; every question's results equal to a tally of each voter's last acknowledged ballot: **{(r.Verified ? "yes" : "NO")}**.",
        "",
    ]);
}
