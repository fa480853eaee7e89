using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace CoCreation.LoadTests.Infrastructure;

/// <summary>What the same machine does, right then, without CoCreation: the figures the D90 burst is compared with.</summary>
internal sealed record BaselineFigures(double? PgbenchTps, double? CopyEventsPerSecond, double? HttpCeilingRequestsPerSecond, IReadOnlyList<string> Notes);

/// <summary>
/// PostgreSQL one-row-per-transaction inserts with pgbench at 32 clients, PostgreSQL's binary COPY of as many
/// event-shaped rows as the burst, and wrk against a trivial ASP.NET Core endpoint on this machine.
/// </summary>
internal static partial class Baselines
{
    public static async Task<BaselineFigures> MeasureAsync(string connectionString, int events, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var pgbench = await PgbenchAsync(connectionString, notes, cancellationToken);
        var copy = await CopyAsync(connectionString, events, cancellationToken);
        var http = await WrkAsync(notes, cancellationToken);
        return new BaselineFigures(pgbench, copy, http, notes);
    }

    /// <summary>32 clients, each transaction one insert of one row and its commit (fsync on), for 20 s.</summary>
    private static async Task<double?> PgbenchAsync(string connectionString, List<string> notes, CancellationToken cancellationToken)
    {
        var binary = Find("pgbench", Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")) : []);
        if (binary is null)
        {
            notes.Add("pgbench not found (Debian's postgresql package ships it)");
            return null;
        }
        var c = new NpgsqlConnectionStringBuilder(connectionString);
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        await using (var create = dataSource.CreateCommand("drop table if exists public.bench_pgbench; create table public.bench_pgbench (id bigint, price bigint, at timestamptz default now())"))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        var script = Path.Combine(Path.GetTempPath(), $"cocreation-pgbench-{Environment.ProcessId}.sql");
        await File.WriteAllTextAsync(script, "\\set id random(1, 1000000000)\ninsert into public.bench_pgbench (id, price) values (:id, 159900);\n", cancellationToken);
        try
        {
            var output = await RunAsync(binary, ["-n", "-c", "32", "-j", "2", "-T", "20", "-f", script, "-h", c.Host!, "-p", c.Port.ToString(CultureInfo.InvariantCulture), "-U", c.Username!, c.Database!],
                cancellationToken);
            var tps = TpsPattern().Match(output);
            if (!tps.Success) notes.Add($"pgbench printed no tps: {output.Trim()}");
            return tps.Success ? Math.Round(double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture)) : null;
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>Binary COPY of <paramref name="events"/> rows shaped like the event log's (sequence, id, stream, version, type, JSON data, time).</summary>
    private static async Task<double> CopyAsync(string connectionString, int events, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (var create = dataSource.CreateCommand(
            """
            drop table if exists public.bench_copy;
            create table public.bench_copy (seq_id bigint primary key, id uuid not null, stream_id text not null, version bigint not null,
                type text not null, data jsonb not null, timestamp timestamptz not null);
            """))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        var now = DateTimeOffset.UtcNow;
        var stopwatch = Stopwatch.StartNew();
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var import = await connection.BeginBinaryImportAsync(
            "copy public.bench_copy (seq_id, id, stream_id, version, type, data, timestamp) from stdin (format binary)", cancellationToken))
        {
            for (var i = 1; i <= events; i++)
            {
                await import.StartRowAsync(cancellationToken);
                await import.WriteAsync((long)i, NpgsqlDbType.Bigint, cancellationToken);
                await import.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, cancellationToken);
                await import.WriteAsync($"price/d90/d90-2.0t-4wd/{i % 660_899:x32}", NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(1L, NpgsqlDbType.Bigint, cancellationToken);
                await import.WriteAsync("price-submitted", NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(
                    $$"""{"campaignId":"d90","itemId":"d90-2.0t-4wd","participantId":"{{Guid.Empty}}","channel":"app","price":{{150_000 + i % 50_000}}}""",
                    NpgsqlDbType.Jsonb, cancellationToken);
                await import.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
            }
            await import.CompleteAsync(cancellationToken);
        }
        stopwatch.Stop();
        await using (var drop = dataSource.CreateCommand("drop table public.bench_copy; drop table if exists public.bench_pgbench"))
        {
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }
        return Math.Round(events / stopwatch.Elapsed.TotalSeconds);
    }

    /// <summary>wrk, 2 threads and 256 connections for 15 s, against <c>GET /ping</c> of a bare ASP.NET Core app on loopback.</summary>
    private static async Task<double?> WrkAsync(List<string> notes, CancellationToken cancellationToken)
    {
        var wrk = Find("wrk", []);
        if (wrk is null)
        {
            notes.Add("wrk not found (install Debian's wrk; load-tests/run-benchmark.sh does)");
            return null;
        }
        var port = Loopback.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var app = builder.Build();
        app.MapGet("/ping", () => "pong");
        await app.StartAsync(cancellationToken);
        try
        {
            var output = await RunAsync(wrk, ["-t2", "-c256", "-d15s", $"http://127.0.0.1:{port}/ping"], cancellationToken);
            var rate = RequestsPattern().Match(output);
            if (!rate.Success) notes.Add($"wrk printed no rate: {output.Trim()}");
            return rate.Success ? Math.Round(double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture)) : null;
        }
        finally
        {
            await app.StopAsync(cancellationToken);
        }
    }

    private static string? Find(string name, IEnumerable<string> extra) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(extra)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static async Task<string> RunAsync(string file, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return await output + await error;
    }


    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsPattern();

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPattern();
}
