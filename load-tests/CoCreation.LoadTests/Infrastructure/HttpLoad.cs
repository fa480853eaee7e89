using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CoCreation.LoadTests.Reporting;
using Spectre.Console;

namespace CoCreation.LoadTests.Infrastructure;

/// <summary>Set-up requests with the admin key; any answer but 2xx stops the run.</summary>
internal static class AdminRequests
{
    public static async Task SendAsync(HttpClient http, string adminKey, HttpMethod method, string url, string? json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }
}

/// <summary>
/// Sends a write the way a phone would: through timeouts and refused connections, and through 503 and 429 after their
/// <c>Retry-After</c> (capped at 1 s, with jitter), the same request again (the caller's request carries the same
/// idempotency key every time), for up to <see cref="RetryFor"/>. Counts what it went through.
/// </summary>
internal sealed class RetryingSender
{
    public static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(90);

    private long _timeouts, _connectionErrors, _gaveUp, _withoutRetryAfter;

    public long Timeouts => Volatile.Read(ref _timeouts);

    public long ConnectionErrors => Volatile.Read(ref _connectionErrors);

    /// <summary>Writes that got no answer but 503/429, timeouts or refused connections for all of <see cref="RetryFor"/>.</summary>
    public long GaveUp => Volatile.Read(ref _gaveUp);

    public long WithoutRetryAfter => Volatile.Read(ref _withoutRetryAfter);

    /// <summary>
    /// The first answer that is neither 503 nor 429 (the caller disposes it), or null when the write gave up.
    /// <paramref name="answered"/> is told each answer's status and latency, retried ones included.
    /// </summary>
    public async Task<HttpResponseMessage?> SendAsync(
        HttpClient http, Func<HttpRequestMessage> request, Action<HttpStatusCode, TimeSpan> answered, CancellationToken cancellationToken)
    {
        var giveUpAt = Stopwatch.GetTimestamp() + (long)(RetryFor.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < giveUpAt)
        {
            using var message = request();
            var sent = Stopwatch.GetTimestamp();
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(message, cancellationToken);
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A timeout: the write may or may not have been stored; the same key makes the retry safe.
                Interlocked.Increment(ref _timeouts);
                continue;
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref _connectionErrors);
                await Task.Delay(250, cancellationToken);
                continue;
            }
            answered(response.StatusCode, Stopwatch.GetElapsedTime(sent));
            if (response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)) return response;
            using (response)
            {
                if (response.Headers.RetryAfter is null) Interlocked.Increment(ref _withoutRetryAfter);
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(wait.TotalMilliseconds, 1_000) * (0.5 + Random.Shared.NextDouble())), cancellationToken);
            }
        }
        Interlocked.Increment(ref _gaveUp);
        return null;
    }
}

/// <summary>
/// Reads a figures endpoint (stats, results) every 20 ms all along a run, noting when each read's <c>asOf.sequence</c>
/// arrived: what a viewer of the overlay would see, and when. From those reads, the projection lag of each
/// acknowledged write: from its acknowledgement to the first read that includes it (an upper bound, by up to 20 ms).
/// </summary>
internal sealed class AsOfSampler
{
    private static readonly TimeSpan SamplePeriod = TimeSpan.FromMilliseconds(20);

    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly List<(long At, long Sequence)> _samples = [];

    /// <summary>The latency of each read.</summary>
    public Latencies Reads { get; } = new();

    /// <summary>Stopwatch ticks since the sampler was made: the clock to note acknowledgements with.</summary>
    public long Now => Stopwatch.GetTimestamp() - _started;

    public async Task SampleAsync(HttpClient http, string url, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var sent = Stopwatch.GetTimestamp();
                using var figures = JsonDocument.Parse(await http.GetStringAsync(url, cancellationToken));
                Reads.Add(Stopwatch.GetElapsedTime(sent));
                var sequence = figures.RootElement.GetProperty("asOf").GetProperty("sequence").GetInt64();
                lock (_samples) _samples.Add((Now, sequence));
                await Task.Delay(SamplePeriod, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(SamplePeriod, CancellationToken.None);
            }
        }
    }

    /// <param name="acknowledged">Each write's sequence and when (<see cref="Now"/>) its acknowledgement arrived.</param>
    public LatencySummary Lag(IEnumerable<(long Sequence, long AckedAt)> acknowledged)
    {
        (long At, long Sequence)[] samples;
        lock (_samples) samples = [.. _samples];
        var lags = new Latencies();
        var frequency = Stopwatch.Frequency / 1000.0;
        foreach (var (sequence, ackedAt) in acknowledged)
        {
            var first = FirstAtOrAbove(samples, sequence);
            if (first < 0) continue;
            lags.Add(TimeSpan.FromMilliseconds(Math.Max(0, samples[first].At - ackedAt) / frequency));
        }
        return lags.Summarize();
    }

    /// <summary>Until the figures at <paramref name="figuresUrl"/> include <paramref name="sequence"/>.</summary>
    public static async Task WaitUntilAsOfAsync(HttpClient http, string figuresUrl, long sequence, DateTime deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var figures = JsonDocument.Parse(await http.GetStringAsync(figuresUrl, cancellationToken));
            if (figures.RootElement.GetProperty("asOf").GetProperty("sequence").GetInt64() >= sequence) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{figuresUrl} did not reach sequence {sequence} in time.");
            await Task.Delay(50, cancellationToken);
        }
    }

    private static int FirstAtOrAbove((long At, long Sequence)[] samples, long sequence)
    {
        int lo = 0, hi = samples.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (samples[mid].Sequence >= sequence) hi = mid;
            else lo = mid + 1;
        }
        return lo < samples.Length ? lo : -1;
    }
}

/// <summary>Runs <c>work(0)</c> … <c>work(count − 1)</c> on a number of workers, in index order as they free up, with a progress bar.</summary>
internal static class ParallelWork
{
    public static Task RunAsync(string what, int count, int workers, Func<int, Task> work, CancellationToken cancellationToken) =>
        AnsiConsole.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var next = -1;
                var done = 0;
                var task = progress.AddTask(what, maxValue: Math.Max(1, count));
                var running = Enumerable.Range(0, Math.Min(count, workers)).Select(_ => Task.Run(async () =>
                {
                    for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
                    {
                        await work(i);
                        Interlocked.Increment(ref done);
                    }
                }, cancellationToken)).ToList();
                while (!Task.WhenAll(running).IsCompleted)
                {
                    task.Value = Volatile.Read(ref done);
                    await Task.WhenAny(Task.WhenAll(running), Task.Delay(250, cancellationToken));
                }
                await Task.WhenAll(running);
                task.Value = Math.Max(1, count);
            });
}
