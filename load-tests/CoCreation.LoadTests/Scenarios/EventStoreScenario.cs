using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CoCreation.EventStore;
using CoCreation.EventStore.Projections;
using CoCreation.LoadTests.Reporting;
using Microsoft.Extensions.Options;
using Npgsql;
using Spectre.Console;

namespace CoCreation.LoadTests.Scenarios;

/// <summary>
/// One workload appended three ways in one run on one machine: a transaction per append, the
/// group-commit writer, and binary COPY; each into a fresh schema, each verified afterwards.
/// </summary>
internal static class EventStoreScenario
{
    public static Command Command()
    {
        var events = new Option<int>("--events") { Description = "Events to append per method", DefaultValueFactory = _ => 200_000 };
        var writers = new Option<int>("--writers") { Description = "Concurrent appenders", DefaultValueFactory = _ => 64 };
        var streams = new Option<int>("--streams") { Description = "Streams the events are spread over", DefaultValueFactory = _ => 20_000 };
        var scale = new Option<double>("--scale") { Description = "Fraction of --events to run", DefaultValueFactory = _ => 1.0 };
        var output = new Option<string>("--out") { Description = "JSON results file (a .md table is written beside it)", DefaultValueFactory = _ => "load-tests/results/eventstore.json" };
        var connection = new Option<string?>("--connection") { Description = "PostgreSQL connection string (default: ConnectionStrings__CoCreation)" };
        var methods = new Option<string>("--methods") { Description = "Comma-separated subset of per-append,group-commit,copy", DefaultValueFactory = _ => "per-append,group-commit,copy" };

        var command = new Command("eventstore", "Append the same workload per-append, group-committed and by COPY; print events/s side by side.")
        {
            events, writers, streams, scale, output, connection, methods,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var connectionString = parse.GetValue(connection) ?? Environment.GetEnvironmentVariable("ConnectionStrings__CoCreation")
                ?? throw new InvalidOperationException("Set ConnectionStrings__CoCreation or pass --connection.");
            var workload = new Workload(
                Math.Max(1_000, (int)(parse.GetValue(events) * parse.GetValue(scale))),
                parse.GetValue(writers),
                parse.GetValue(streams));
            var chosen = parse.GetValue(methods)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(m => m switch
                {
                    "per-append" => Method.PerAppend,
                    "group-commit" => Method.GroupCommit,
                    "copy" => Method.Copy,
                    _ => throw new ArgumentException($"Unknown method '{m}': use per-append, group-commit or copy."),
                }).ToList();
            return await RunAsync(connectionString, workload, chosen, parse.GetValue(output)!, cancellationToken);
        });
        return command;
    }

    private sealed record Workload(int Events, int Writers, int Streams);

    private sealed record MethodResult(string Method, int Events, double Seconds, double EventsPerSecond, LatencySummary? LatencyMs, bool Verified);

    private sealed record Result(
        string Scenario, DateTimeOffset At, string Machine, string Postgres, int Events, int Writers, int Streams,
        IReadOnlyList<MethodResult> Methods, double? GroupCommitOverPerAppend, LatencySummary IdleProjectionLagMs, bool Verified);

    public sealed record BenchPriced(int Person, int Price);

    private static async Task<int> RunAsync(string connectionString, Workload workload, IReadOnlyList<Method> chosen, string output, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = Math.Max(100, workload.Writers + 20), ApplicationName = "cocreation-bench" };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        var postgres = await DescribePostgresAsync(dataSource, cancellationToken);
        AnsiConsole.MarkupLine($"[bold]eventstore[/]: {workload.Events:N0} events, {workload.Writers} writers, {workload.Streams:N0} streams; {Markup.Escape(postgres)}");

        await RunMethodAsync(dataSource, "warm-up", workload with { Events = 2_000 }, Method.GroupCommit, cancellationToken);
        var methods = new List<MethodResult>();
        foreach (var method in chosen)
        {
            methods.Add(await RunMethodAsync(dataSource, method.ToString(), workload, method, cancellationToken));
        }

        var idleLag = await MeasureIdleProjectionLagAsync(dataSource, cancellationToken);
        var perAppend = methods.SingleOrDefault(m => m.Method == nameof(Method.PerAppend));
        var group = methods.SingleOrDefault(m => m.Method == nameof(Method.GroupCommit));
        var result = new Result(
            "eventstore", DateTimeOffset.UtcNow, $"{Environment.ProcessorCount} cores, {Environment.OSVersion}", postgres,
            workload.Events, workload.Writers, workload.Streams, methods,
            perAppend is null || group is null ? null : Math.Round(group.EventsPerSecond / perAppend.EventsPerSecond, 2), idleLag, methods.All(m => m.Verified));

        var table = new Table().AddColumns("method", "events", "seconds", "events/s", "p50 ms", "p99 ms", "verified");
        foreach (var m in methods)
        {
            table.AddRow(m.Method, m.Events.ToString("N0", CultureInfo.InvariantCulture), m.Seconds.ToString("F2", CultureInfo.InvariantCulture),
                m.EventsPerSecond.ToString("N0", CultureInfo.InvariantCulture), m.LatencyMs?.P50.ToString(CultureInfo.InvariantCulture) ?? "-",
                m.LatencyMs?.P99.ToString(CultureInfo.InvariantCulture) ?? "-", m.Verified ? "yes" : "[red]NO[/]");
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Summary(result).Replace("**", "", StringComparison.Ordinal));

        await ResultFiles.WriteAsync(output, result, Markdown(result), cancellationToken);
        AnsiConsole.MarkupLine($"results: {Markup.Escape(output)}");
        return result.Verified ? 0 : 1;
    }

    private enum Method { PerAppend, GroupCommit, Copy }

    private static async Task<MethodResult> RunMethodAsync(NpgsqlDataSource dataSource, string label, Workload workload, Method method, CancellationToken cancellationToken)
    {
        var schema = $"bench_{method.ToString().ToLowerInvariant()}_{Guid.NewGuid():N}"[..40];
        await EventStoreSchema.ApplyAsync(dataSource, schema, cancellationToken);
        try
        {
            await using var store = new EventStore.EventStore(dataSource, Options.Create(new EventStoreOptions { Schema = schema }));
            var latencies = new Latencies();
            var stopwatch = Stopwatch.StartNew();
            await AnsiConsole.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask(label, maxValue: workload.Events);
                    if (method == Method.Copy)
                    {
                        var rows = Enumerable.Range(0, workload.Events).Select(i => new BulkEvent(StreamOf(i, workload), new BenchPriced(i, 150_000 + i % 50_000)));
                        await store.BulkAppendAsync(rows, 50_000, new Progress<long>(n => task.Value = n), cancellationToken);
                        return;
                    }

                    var next = -1;
                    await Task.WhenAll(Enumerable.Range(0, workload.Writers).Select(_ => Task.Run(async () =>
                    {
                        int i;
                        while ((i = Interlocked.Increment(ref next)) < workload.Events)
                        {
                            var started = Stopwatch.GetTimestamp();
                            IReadOnlyList<object> events = [new BenchPriced(i, 150_000 + i % 50_000)];
                            if (method == Method.PerAppend) await store.AppendImmediateAsync(StreamOf(i, workload), events, cancellationToken: cancellationToken);
                            else await store.AppendAsync(StreamOf(i, workload), events, cancellationToken: cancellationToken);
                            latencies.Add(Stopwatch.GetElapsedTime(started));
                            task.Increment(1);
                        }
                    }, cancellationToken)));
                });
            stopwatch.Stop();

            var verified = await VerifyAsync(dataSource, schema, workload.Events, cancellationToken);
            return new MethodResult(label, workload.Events, Math.Round(stopwatch.Elapsed.TotalSeconds, 3),
                Math.Round(workload.Events / stopwatch.Elapsed.TotalSeconds), method == Method.Copy ? null : latencies.Summarize(), verified);
        }
        finally
        {
            await EventStoreSchema.DropAsync(dataSource, schema, cancellationToken);
        }
    }

    /// <summary>
    /// With a daemon running a live projection and nothing else going on: the time from an append's
    /// acknowledgement to the projection having applied it (LISTEN/NOTIFY wake-up, feed read, apply).
    /// </summary>
    private static async Task<LatencySummary> MeasureIdleProjectionLagAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        const int appends = 300;
        var schema = $"bench_lag_{Guid.NewGuid():N}"[..30];
        await EventStoreSchema.ApplyAsync(dataSource, schema, cancellationToken);
        try
        {
            await using var store = new EventStore.EventStore(dataSource, Options.Create(new EventStoreOptions { Schema = schema }));
            var watcher = new AppliedWatcher();
            using var daemon = new ProjectionDaemon(store, [], [watcher], Options.Create(new ProjectionDaemonOptions()));
            await daemon.StartAsync(cancellationToken);
            var latencies = new Latencies();
            for (var i = 0; i < appends; i++)
            {
                var result = await store.AppendAsync($"lag-{i % 10}", [new BenchPriced(i, 150_000)], cancellationToken: cancellationToken);
                var acknowledged = Stopwatch.GetTimestamp();
                await watcher.WaitForAsync(result.LastSequence, cancellationToken);
                latencies.Add(Stopwatch.GetElapsedTime(acknowledged));
            }
            await daemon.StopAsync(cancellationToken);
            return latencies.Summarize();
        }
        finally
        {
            await EventStoreSchema.DropAsync(dataSource, schema, cancellationToken);
        }
    }

    /// <summary>A live projection that only remembers how far it got, and lets a caller wait for a sequence.</summary>
    private sealed class AppliedWatcher : ILiveProjection
    {
        private long _applied;

        public string Name => "bench-applied";

        public string Version => "1";

        public void Apply(IReadOnlyList<RecordedEvent> events) => Volatile.Write(ref _applied, events[^1].Sequence);

        public async Task WaitForAsync(long sequence, CancellationToken cancellationToken)
        {
            // Spinning with yields: the measurement should see the apply, not a timer's granularity.
            while (Volatile.Read(ref _applied) < sequence)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await Task.Yield();
            }
        }

        public byte[] CreateSnapshot() => BitConverter.GetBytes(Volatile.Read(ref _applied));

        public void Restore(byte[] snapshot) => Volatile.Write(ref _applied, BitConverter.ToInt64(snapshot));

        public void Reset() => Volatile.Write(ref _applied, 0);
    }

    private static string StreamOf(int i, Workload workload) => $"bench-{i % workload.Streams}";

    /// <summary>Every event landed once, and every stream's version equals its event count.</summary>
    private static async Task<bool> VerifyAsync(NpgsqlDataSource dataSource, string schema, int expected, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            select (select count(*) from {schema}.events),
                   (select count(distinct (data->>'person')) from {schema}.events),
                   (select coalesce(sum(version), 0) from {schema}.streams)
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetInt64(0) == expected && reader.GetInt64(1) == expected && reader.GetDecimal(2) == expected;
    }

    private static async Task<string> DescribePostgresAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit')");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return $"PostgreSQL {reader.GetString(0)} (fsync={reader.GetString(1)}, synchronous_commit={reader.GetString(2)})";
    }

    private static string Markdown(Result r)
    {
        var lines = new List<string>
        {
            $"Event store, {r.Events:N0} events from {r.Writers} concurrent writers into {r.Streams:N0} streams; {r.Machine}; {r.Postgres}; measured {r.At:yyyy-MM-dd HH:mm} UTC.",
            "",
            "| method | events/s | p50 ms | p99 ms | verified |",
            "|---|---:|---:|---:|---|",
        };
        lines.AddRange(r.Methods.Select(m =>
            $"| {m.Method} | {m.EventsPerSecond:N0} | {m.LatencyMs?.P50.ToString(CultureInfo.InvariantCulture) ?? "–"} | {m.LatencyMs?.P99.ToString(CultureInfo.InvariantCulture) ?? "–"} | {(m.Verified ? "yes" : "NO")} |"));
        lines.Add("");
        lines.Add(Summary(r));
        return string.Join('\n', lines) + "\n";
    }

    private static string Summary(Result r)
    {
        var parts = new List<string>();
        parts.Add($"Idle projection lag (acknowledged append → applied by a live projection, {r.IdleProjectionLagMs.Count} appends one at a time): p50 **{r.IdleProjectionLagMs.P50} ms**, p99 **{r.IdleProjectionLagMs.P99} ms**.");
        if (r.GroupCommitOverPerAppend is { } ratio) parts.Add($"Group commit / one transaction per append: **{ratio:F2}×** (target ≥ 3×).");
        if (r.Methods.SingleOrDefault(m => m.Method == nameof(Method.Copy)) is { } copy)
        {
            parts.Add($"COPY: **{copy.EventsPerSecond:N0} events/s** (target ≥ 70,000{(copy.EventsPerSecond >= 70_000 ? "" : ", missed")}).");
        }
        return string.Join(' ', parts);
    }
}
