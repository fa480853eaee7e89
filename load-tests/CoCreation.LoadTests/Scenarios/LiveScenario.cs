using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using CoCreation.LoadTests.Infrastructure;
using CoCreation.LoadTests.Reporting;
using CoCreation.LoadTests.Workloads;
using Spectre.Console;

namespace CoCreation.LoadTests.Scenarios;

/// <summary>
/// Livestream viewers: thousands of overlay connections on loopback watch one campaign on <c>/hubs/live</c> while a D90
/// price burst runs through the HTTP API. A push's delivery latency is its arrival minus the acknowledgement of the
/// newest submission it includes (its <c>asOf.sequence</c>): how stale the freshest answer on screen is.
/// </summary>
internal static class LiveScenario
{
    public static Command Command()
    {
        var watchers = new Option<int>("--watchers") { Description = "Hub connections watching the campaign", DefaultValueFactory = _ => 5_000 };
        var scale = new Option<double>("--scale") { Description = "Fraction of D90's burst to run beside them", DefaultValueFactory = _ => 0.05 };
        var connections = new Option<int>("--connections") { Description = "Concurrent submissions at the peak", DefaultValueFactory = _ => 128 };
        var output = new Option<string>("--out") { Description = "JSON results file (a .md table is written beside it)", DefaultValueFactory = _ => "load-tests/results/live.json" };
        var command = new Command("live", "Thousands of hub watchers during a price burst: update latency, updates/s per client, server CPU and memory.")
        {
            watchers, scale, connections, output,
        };
        command.SetAction(async (parse, cancellationToken) => await RunAsync(
            parse.GetValue(watchers), parse.GetValue(scale), parse.GetValue(connections), parse.GetValue(output)!, cancellationToken));
        return command;
    }

    private sealed record Result(
        string Scenario, DateTimeOffset At, string Machine, int Watchers, int Connected, int Faulted, long Acknowledged, double BurstSeconds,
        LatencySummary DeliveryLatencyMs, double UpdatesPerSecondPerClient, long Deliveries, double? ServerCpuPercent, double? ServerPeakMemoryMb,
        bool BurstVerified);

    private static async Task<int> RunAsync(int watcherCount, double scale, int connections, string output, CancellationToken cancellationToken)
    {
        var settings = D90Scenario.Settings.FromEnvironment();
        var environment = settings.ApiEnvironment();
        // Thousands of WebSockets on one node: SignalR's defaults are fine, Kestrel's connection limits are not set.
        await using var api = await ApiProcess.StartAsync(ApiProcess.ReleaseBuild,
            environment, Path.Combine(Path.GetTempPath(), $"cocreation-live-api-{Environment.ProcessId}.log"), cancellationToken);

        var acknowledgedAt = new ConcurrentDictionary<long, long>();
        var latencies = new Latencies();
        var watchers = new List<HubWatcher>(watcherCount);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = api.Address };

        async Task ConnectWatchersAsync(string campaign, CancellationToken ct)
        {
            await AnsiConsole.Progress().AutoClear(true).StartAsync(async progress =>
            {
                var task = progress.AddTask($"connecting {watcherCount:N0} watchers", maxValue: watcherCount);
                var viewers = new ClientAddresses(watcherCount);
                await Parallel.ForEachAsync(Enumerable.Range(0, watcherCount), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = ct }, async (viewer, inner) =>
                {
                    var watcher = new HubWatcher(api.Address, campaign, settings.AdminKey, viewers.For(viewer), (sequence, at) =>
                    {
                        if (acknowledgedAt.TryGetValue(sequence, out var acked)) latencies.Add(Stopwatch.GetElapsedTime(acked, at));
                    });
                    await watcher.ConnectAsync(http, inner);
                    lock (watchers) watchers.Add(watcher);
                    task.Increment(1);
                });
            });
            AnsiConsole.MarkupLine($"  {watchers.Count:N0} watchers connected; memory of the API now {api.Stats.MemoryMb():N0} MB");
        }

        var run = new D90Run(api.Address, settings, D90Burst.Scaled(scale), connections, api.Stats, ConnectWatchersAsync,
            (sequence, at) => acknowledgedAt[sequence] = at);
        D90Scenario.Result burst;
        try
        {
            burst = await run.ExecuteAsync(cancellationToken);
        }
        finally
        {
            await Task.WhenAll(watchers.Select(w => w.DisposeAsync().AsTask()));
        }

        var seconds = Math.Max(0.001, burst.Seconds);
        var result = new Result(
            "live", DateTimeOffset.UtcNow, burst.Machine, watcherCount, watchers.Count, watchers.Count(w => w.Faulted), burst.Acknowledged, burst.Seconds,
            latencies.Summarize(), Math.Round(watchers.Average(w => w.Updates) / seconds, 2), watchers.Sum(w => (long)w.Updates),
            burst.ServerCpuPercent, burst.ServerPeakMemoryMb, burst.Verified);

        var table = new Table().AddColumns("figure", "value");
        table.AddRow("watchers", $"{result.Connected:N0} connected of {result.Watchers:N0}, {result.Faulted:N0} dropped");
        table.AddRow("burst", $"{result.Acknowledged:N0} acknowledged in {result.BurstSeconds:F1} s (verified: {(result.BurstVerified ? "yes" : "NO")})");
        table.AddRow("delivery latency ms", $"p50 {result.DeliveryLatencyMs.P50}, p99 {result.DeliveryLatencyMs.P99}, max {result.DeliveryLatencyMs.Max} ({result.Deliveries:N0} pushes)");
        table.AddRow("updates/s per client", $"{result.UpdatesPerSecondPerClient:F2} over {D90Burst.Items.Count} items ({result.UpdatesPerSecondPerClient / D90Burst.Items.Count:F2} per item; at most 4 by design)");
        table.AddRow("server", $"CPU {result.ServerCpuPercent:F0}% of one core, peak memory {result.ServerPeakMemoryMb:N0} MB");
        AnsiConsole.Write(table);
        await ResultFiles.WriteAsync(output, result, Markdown(result), cancellationToken);
        AnsiConsole.MarkupLine($"results: {Markup.Escape(output)}");
        return result.BurstVerified && result.Connected == watcherCount ? 0 : 1;
    }

    private static string Markdown(Result r) => string.Join('\n',
    [
        $"{r.Connected:N0} hub watchers on loopback during a burst of {r.Acknowledged:N0} acknowledged submissions ({r.Machine}; measured {r.At:yyyy-MM-dd HH:mm} UTC):",
        "",
        $"| watchers | dropped | delivery latency p50 / p99 / max | priceStats pushes/s per client, {D90Burst.Items.Count} items (≤ 4 per item by design) | pushes delivered | server CPU | server peak memory | burst verified |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
        $"| {r.Connected:N0} | {r.Faulted:N0} | {r.DeliveryLatencyMs.P50} / {r.DeliveryLatencyMs.P99} / {r.DeliveryLatencyMs.Max} ms | {r.UpdatesPerSecondPerClient:F2} | {r.Deliveries:N0} | {(r.ServerCpuPercent is { } c ? $"{c:F0}%" : "–")} | {(r.ServerPeakMemoryMb is { } m ? $"{m:N0} MB" : "–")} | {(r.BurstVerified ? "yes" : "NO")} |",
        "",
    ]);
}
