using System.CommandLine;
using System.Diagnostics;
using CoCreation.LoadTests.Infrastructure;
using CoCreation.LoadTests.Reporting;
using CoCreation.LoadTests.Workloads;
using Spectre.Console;

namespace CoCreation.LoadTests.Scenarios;

/// <summary>
/// Faults in the middle of a D90-shaped burst, each verified like the burst itself (every acknowledged submission in
/// the log once, nothing else, the stats equal to a recount of the log): the API killed with SIGKILL and restarted on
/// its port; PostgreSQL stopped hard and started again while the API keeps running; more clients than the ingest
/// queue holds.
/// </summary>
internal static class FaultsScenario
{
    public static Command Command()
    {
        var scale = new Option<double>("--scale") { Description = "Fraction of D90's burst per fault", DefaultValueFactory = _ => 0.02 };
        var faults = new Option<string>("--faults") { Description = "Comma-separated subset of kill-api,restart-postgres,overload", DefaultValueFactory = _ => "kill-api,restart-postgres,overload" };
        var output = new Option<string>("--out") { Description = "JSON results file (a .md table is written beside it)", DefaultValueFactory = _ => "load-tests/results/faults.json" };
        var seed = new Option<int?>("--seed") { Description = "Seed of the moment each fault strikes (default: random, printed)" };
        var command = new Command("faults", "SIGKILL of the API, a PostgreSQL restart and overload mid-burst; nothing acknowledged may be lost.")
        {
            scale, faults, output, seed,
        };
        command.SetAction(async (parse, cancellationToken) => await RunAsync(
            parse.GetValue(scale), parse.GetValue(faults)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            parse.GetValue(output)!, parse.GetValue(seed) ?? Random.Shared.Next(), cancellationToken));
        return command;
    }

    internal sealed record FaultResult(
        string Fault, string What, long Planned, long Acknowledged, double Seconds, long Refused503, long ConnectionErrors, long Timeouts,
        double? DowntimeSeconds, double? ApiPeakMemoryMb, long Lost, long Duplicates, IReadOnlyList<string> Problems, bool Verified);

    private sealed record Result(string Scenario, DateTimeOffset At, string Machine, int Seed, IReadOnlyList<FaultResult> Faults, bool Verified);

    private static async Task<int> RunAsync(double scale, string[] faults, string output, int seed, CancellationToken cancellationToken)
    {
        var settings = D90Scenario.Settings.FromEnvironment();
        var random = new Random(seed);
        AnsiConsole.MarkupLine($"[bold]faults[/]: {string.Join(", ", faults)} (seed {seed})");
        var results = new List<FaultResult>();
        foreach (var fault in faults)
        {
            results.Add(fault switch
            {
                "kill-api" => await KillApiAsync(settings, scale, random, cancellationToken),
                "restart-postgres" => await RestartPostgresAsync(settings, scale, random, cancellationToken),
                "overload" => await OverloadAsync(settings, scale, cancellationToken),
                _ => throw new ArgumentException($"Unknown fault '{fault}': use kill-api, restart-postgres or overload."),
            });
            var r = results[^1];
            AnsiConsole.MarkupLine($"  {r.Fault}: {r.Acknowledged:N0} acknowledged, lost {r.Lost}, duplicates {r.Duplicates}, verified {(r.Verified ? "[green]yes[/]" : $"[red]NO[/] ({Markup.Escape(string.Join("; ", r.Problems))})")}");
        }
        var result = new Result("faults", DateTimeOffset.UtcNow, $"{Environment.ProcessorCount} cores, {Environment.OSVersion}", seed, results, results.All(r => r.Verified));
        await ResultFiles.WriteAsync(output, result, Markdown(result), cancellationToken);
        AnsiConsole.MarkupLine($"results: {Markup.Escape(output)}");
        return result.Verified ? 0 : 1;
    }

    private static string Log(string name) => Path.Combine(Path.GetTempPath(), $"cocreation-faults-{name}-{Environment.ProcessId}.log");

    /// <summary>SIGKILL at a random moment between 20% and 60% of the acknowledgements, then the same API again on the same port.</summary>
    private static async Task<FaultResult> KillApiAsync(D90Scenario.Settings settings, double scale, Random random, CancellationToken cancellationToken)
    {
        var burst = D90Burst.Scaled(scale);
        var api = await ApiProcess.StartAsync(ApiProcess.ReleaseBuild, settings.ApiEnvironment(), Log("kill"), cancellationToken);
        var port = api.Address.Port;
        var run = new D90Run(api.Address, settings, burst, 128, server: null);
        var strikeAt = (long)(burst.Plan.Count * (0.2 + 0.4 * random.NextDouble()));
        double? downtime = null;
        var fault = Task.Run(async () =>
        {
            while (run.AcknowledgedSoFar < strikeAt) await Task.Delay(10, cancellationToken);
            var killed = Stopwatch.StartNew();
            api.Kill();
            await api.DisposeAsync();
            api = await ApiProcess.StartAsync(ApiProcess.ReleaseBuild, settings.ApiEnvironment(), Log("kill"), cancellationToken, port);
            downtime = Math.Round(killed.Elapsed.TotalSeconds, 2);
        }, cancellationToken);
        try
        {
            var r = await run.ExecuteAsync(cancellationToken);
            await fault;
            return From("kill-api", $"SIGKILL after {strikeAt:N0} acknowledgements, restarted on the same port", r, downtime, api.Stats.PeakMemoryMb());
        }
        finally
        {
            await fault.ContinueWith(_ => { }, TaskScheduler.Default);
            await api.DisposeAsync();
        }
    }

    /// <summary>PostgreSQL stopped in immediate mode (as a crash) for five seconds mid-burst, with the API left running.</summary>
    private static async Task<FaultResult> RestartPostgresAsync(D90Scenario.Settings settings, double scale, Random random, CancellationToken cancellationToken)
    {
        var cluster = Environment.GetEnvironmentVariable("COCREATION_PG_CLUSTER")?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (cluster is not [var directory, var port])
        {
            return new FaultResult("restart-postgres", "skipped: set COCREATION_PG_CLUSTER='<cluster dir> <port>' (load-tests/run-benchmark.sh does)",
                0, 0, 0, 0, 0, 0, null, null, 0, 0, ["PostgreSQL could not be restarted from here"], false);
        }
        var burst = D90Burst.Scaled(scale);
        await using var api = await ApiProcess.StartAsync(ApiProcess.ReleaseBuild, settings.ApiEnvironment(), Log("postgres"), cancellationToken);
        var run = new D90Run(api.Address, settings, burst, 128, server: null);
        var strikeAt = (long)(burst.Plan.Count * (0.2 + 0.4 * random.NextDouble()));
        double? downtime = null;
        var fault = Task.Run(async () =>
        {
            while (run.AcknowledgedSoFar < strikeAt) await Task.Delay(10, cancellationToken);
            var stopped = Stopwatch.StartNew();
            await PostgresAsync("stop-cluster", directory, port, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            await PostgresAsync("start-cluster", directory, port, cancellationToken);
            downtime = Math.Round(stopped.Elapsed.TotalSeconds, 2);
        }, cancellationToken);
        var r = await run.ExecuteAsync(cancellationToken);
        await fault;
        return From("restart-postgres", $"PostgreSQL stopped (immediate) after {strikeAt:N0} acknowledgements for 5 s, API left running", r, downtime,
            api.Stats.PeakMemoryMb());
    }

    /// <summary>A thousand clients against an ingest queue of 200: the excess must get clean 503s with Retry-After, memory stays bounded.</summary>
    private static async Task<FaultResult> OverloadAsync(D90Scenario.Settings settings, double scale, CancellationToken cancellationToken)
    {
        var environment = settings.ApiEnvironment();
        environment["EventStore__GroupCommit__MaxQueueLength"] = "200";
        await using var api = await ApiProcess.StartAsync(ApiProcess.ReleaseBuild, environment, Log("overload"), cancellationToken);
        var run = new D90Run(api.Address, settings, D90Burst.Scaled(scale), 1_000, server: null);
        var r = await run.ExecuteAsync(cancellationToken);
        return From("overload", "1,000 concurrent clients, ingest queue of 200 (EventStore:GroupCommit:MaxQueueLength)", r, null, api.Stats.PeakMemoryMb());
    }

    private static async Task PostgresAsync(string command, string directory, string port, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Repository.Root(), "scripts/postgres.sh"), command, directory, port])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0) throw new InvalidOperationException($"scripts/postgres.sh {command} failed: {error}");
    }

    private static FaultResult From(string fault, string what, D90Scenario.Result r, double? downtime, double peakMemory) => new(
        fault, what, r.Planned, r.Acknowledged, r.Seconds, r.Statuses.GetValueOrDefault("503"), r.ConnectionErrors, r.Timeouts, downtime,
        Math.Round(peakMemory), r.Lost, r.Duplicates, r.Problems, r.Verified);

    private static string Markdown(Result r)
    {
        var lines = new List<string>
        {
            $"Faults mid-burst ({r.Machine}; seed {r.Seed}; measured {r.At:yyyy-MM-dd HH:mm} UTC). Verified = every acknowledged submission in the log exactly once, nothing else, and every configuration's stats equal to a recount of the log:",
            "",
            "| fault | what happened | acknowledged | 503 answers | refused connections | downtime | API peak memory | lost | duplicates | verified |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
        };
        lines.AddRange(r.Faults.Select(f =>
            $"| {f.Fault} | {f.What} | {f.Acknowledged:N0} of {f.Planned:N0} | {f.Refused503:N0} | {f.ConnectionErrors:N0} | {(f.DowntimeSeconds is { } d ? $"{d:F1} s" : "–")} | {(f.ApiPeakMemoryMb is { } m ? $"{m:N0} MB" : "–")} | {f.Lost} | {f.Duplicates} | {(f.Verified ? "yes" : "NO")} |"));
        lines.Add("");
        return string.Join('\n', lines);
    }
}
