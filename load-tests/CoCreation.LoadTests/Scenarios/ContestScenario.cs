using System.CommandLine;
using CoCreation.LoadTests.Infrastructure;
using CoCreation.LoadTests.Reporting;
using Spectre.Console;

namespace CoCreation.LoadTests.Scenarios;

/// <summary>
/// D90's design contest through the real HTTP API: 1,286 entries with real PNG images from as many designers, each
/// approved by the admin, then the voting stage with 20 public scores an entry from a crowd of fans (some harsh, some
/// lenient, some changing a score). Verified against the log and the generator's own tally of every fan's last score.
/// </summary>
internal static class ContestScenario
{
    public const int FullEntries = 1_286;

    public static Command Command()
    {
        var target = new Option<string?>("--target") { Description = "API to load (http://127.0.0.1:PORT); default: start one from the Release build" };
        var scale = new Option<double>("--scale") { Description = "Fraction of D90's 1,286 entries (and their scores)", DefaultValueFactory = _ => 1.0 };
        var output = new Option<string>("--out") { Description = "JSON results file (a .md table is written beside it)", DefaultValueFactory = _ => "load-tests/results/contest.json" };
        var connections = new Option<int>("--connections") { Description = "Concurrent HTTP requests", DefaultValueFactory = _ => 128 };
        var serverPid = new Option<int?>("--server-pid") { Description = "Process id of the --target API, for its CPU and memory" };

        var command = new Command("contest", "D90's design contest: entries with images, moderation, then public scores; verified against the log and a tally.")
        {
            target, scale, output, connections, serverPid,
        };
        command.SetAction(async (parse, cancellationToken) => await RunAsync(
            parse.GetValue(target), parse.GetValue(scale), parse.GetValue(output)!, parse.GetValue(connections), parse.GetValue(serverPid), cancellationToken));
        return command;
    }

    /// <param name="ImageMegabytes">The entries' images in all, as uploaded.</param>
    internal sealed record Result(
        string Scenario, DateTimeOffset At, string Machine, string Campaign, int Entries, int Fans, int PlannedScores,
        long EntriesAcknowledged, double EntriesSeconds, double EntriesPerSecond, double ImageMegabytes, LatencySummary EntryLatencyMs,
        double ModerationSeconds, long ScoresAcknowledged, double ScoresSeconds, double ScoresPerSecond, long PeakScoresPerSecond, LatencySummary ScoreLatencyMs,
        LatencySummary LeaderboardReadLatencyMs, IReadOnlyDictionary<string, long> Statuses, long Timeouts, long ConnectionErrors, long GaveUp,
        double? ServerCpuPercent, double? ServerPeakMemoryMb, long EventsInLog, long Lost, long Duplicates, IReadOnlyList<string> Problems, bool Verified);

    private static async Task<int> RunAsync(string? target, double scale, string output, int connections, int? serverPid, CancellationToken cancellationToken)
    {
        var settings = D90Scenario.Settings.FromEnvironment();
        var (api, address, server) = await ApiProcess.OpenAsync(target, serverPid, settings.ApiEnvironment(), "contest", cancellationToken);
        try
        {
            var entries = Math.Max(20, (int)(FullEntries * scale));
            var result = await new ContestRun(address, settings, entries, connections, server).ExecuteAsync(cancellationToken);
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
        table.AddRow("entries", $"{r.EntriesAcknowledged:N0} of {r.Entries:N0} in {r.EntriesSeconds:F1} s ({r.EntriesPerSecond:N0}/s, {r.ImageMegabytes:N1} MB of images); approved in {r.ModerationSeconds:F1} s");
        table.AddRow("entry latency ms", $"p50 {r.EntryLatencyMs.P50}, p95 {r.EntryLatencyMs.P95}, p99 {r.EntryLatencyMs.P99}, max {r.EntryLatencyMs.Max}");
        table.AddRow("scores", $"{r.ScoresAcknowledged:N0} of {r.PlannedScores:N0} from {r.Fans:N0} fans in {r.ScoresSeconds:F1} s (mean {r.ScoresPerSecond:N0}/s, peak {r.PeakScoresPerSecond:N0})");
        table.AddRow("score latency ms", $"p50 {r.ScoreLatencyMs.P50}, p95 {r.ScoreLatencyMs.P95}, p99 {r.ScoreLatencyMs.P99}, max {r.ScoreLatencyMs.Max}");
        table.AddRow("GET leaderboard latency ms", $"p50 {r.LeaderboardReadLatencyMs.P50}, p99 {r.LeaderboardReadLatencyMs.P99}");
        ScenarioReport.AddOutcomeRows(table, r.Statuses, r.Timeouts, r.ConnectionErrors, r.GaveUp, r.ServerCpuPercent, r.ServerPeakMemoryMb,
            r.EventsInLog, r.Lost, r.Duplicates, r.Problems, r.Verified);
        return table;
    }

    private static string Markdown(Result r) => string.Join('\n',
    [
        $"Design contest through HTTP: {r.Entries:N0} entries with real PNG images, then {r.PlannedScores:N0} scores from {r.Fans:N0} fans, the load generator on the same machine ({r.Machine}; measured {r.At:yyyy-MM-dd HH:mm} UTC).",
        "",
        "| what | acknowledged | time | rate | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
        $"| entries (multipart, {r.ImageMegabytes:N1} MB of images, checked by content, stored by hash) | {r.EntriesAcknowledged:N0} | {r.EntriesSeconds:F1} s | {r.EntriesPerSecond:N0}/s | {r.EntryLatencyMs.P50} | {r.EntryLatencyMs.P95} | {r.EntryLatencyMs.P99} |",
        $"| scores (voting stage, 0–5, some changed) | {r.ScoresAcknowledged:N0} | {r.ScoresSeconds:F1} s | {r.ScoresPerSecond:N0}/s (peak {r.PeakScoresPerSecond:N0}) | {r.ScoreLatencyMs.P50} | {r.ScoreLatencyMs.P95} | {r.ScoreLatencyMs.P99} |",
        "",
        $"Approving every entry took {r.ModerationSeconds:F1} s; leaderboard read p50 {r.LeaderboardReadLatencyMs.P50} ms, p99 {r.LeaderboardReadLatencyMs.P99} ms; server CPU {(r.ServerCpuPercent is { } cpu ? $"{cpu:F0}% of one core" : "–")}, peak memory {(r.ServerPeakMemoryMb is { } mb ? $"{mb:N0} MB" : "–")}; statuses {string.Join(", ", r.Statuses.Select(s => $"{s.Key}: {s.Value:N0}"))}; lost {r.Lost}, duplicates {r.Duplicates}; every entry's votes and mean score on the leaderboard equal to a tally of each fan's last score: **{(r.Verified ? "yes" : "NO")}**.",
        "",
    ]);
}
