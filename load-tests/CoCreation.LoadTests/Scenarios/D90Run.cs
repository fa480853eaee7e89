using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CoCreation.LoadTests.Infrastructure;
using CoCreation.LoadTests.Reporting;
using CoCreation.LoadTests.Workloads;
using CoCreation.OneId;
using Npgsql;
using Spectre.Console;

namespace CoCreation.LoadTests.Scenarios;

/// <summary>One run of the D90 burst: set-up, tokens, the burst with a stats sampler beside it, then verification.</summary>
/// <param name="beforeBurst">Runs after set-up, before the clock starts (the live scenario connects its watchers there).</param>
/// <param name="acknowledged">Told each acknowledged submission's sequence and when its answer arrived (stopwatch ticks).</param>
internal sealed class D90Run(
    Uri address, D90Scenario.Settings settings, D90Burst burst, int connections, ProcessStats? server,
    Func<string, CancellationToken, Task>? beforeBurst = null, Action<long, long>? acknowledged = null)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly string _campaign = $"d90-load-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
    private readonly long[] _ackedSequence = new long[burst.Plan.Count];
    private readonly long[] _ackedAt = new long[burst.Plan.Count];
    private readonly ConcurrentDictionary<string, long> _statuses = new(StringComparer.Ordinal);
    private readonly Latencies _posts = new();
    private readonly Throughput _throughput = new();
    private readonly RetryingSender _sender = new();
    private readonly AsOfSampler _sampler = new();
    private readonly ClientAddresses _addresses = new(burst.People);
    private string[] _tokens = [];
    private long _acknowledged, _refusedAsExpected, _done;

    /// <summary>Submissions acknowledged so far (the fault scenario strikes at a share of them).</summary>
    public long AcknowledgedSoFar => Volatile.Read(ref _acknowledged);

    /// <summary>The configuration every person prices (the one the overlay shows).</summary>
    public static string MainItem => D90Burst.Items[0].Id;

    private string ItemUrl(int item) => $"/api/campaigns/{_campaign}/pricing/{D90Burst.Items[item].Id}";


    public async Task<D90Scenario.Result> ExecuteAsync(CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections + 8, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = address, Timeout = RequestTimeout };
        AnsiConsole.MarkupLine($"[bold]d90[/]: {burst.Plan.Count:N0} submissions from {burst.People:N0} people behind {_addresses.Addresses:N0} addresses into campaign {_campaign} at {address}");
        await SetUpAsync(http, cancellationToken);
        MintTokens();
        if (beforeBurst is not null) await beforeBurst(_campaign, cancellationToken);

        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = _sampler.SampleAsync(http, $"{ItemUrl(0)}/stats?bins=20", sampling.Token);
        var cpuBefore = server?.CpuSeconds();
        var stopwatch = Stopwatch.StartNew();
        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("burst", maxValue: burst.Plan.Count);
                var next = -1;
                var workers = Enumerable.Range(0, connections).Select(worker => Task.Run(async () =>
                {
                    while (Volatile.Read(ref next) < burst.Plan.Count - 1)
                    {
                        // The livestream's shape: only the first target(progress) workers send; the rest wait their turn.
                        if (worker >= Target(Volatile.Read(ref _done)))
                        {
                            await Task.Delay(5, cancellationToken);
                            continue;
                        }
                        var i = Interlocked.Increment(ref next);
                        if (i >= burst.Plan.Count) return;
                        await SubmitAsync(http, i, cancellationToken);
                        Interlocked.Increment(ref _done);
                    }
                }, cancellationToken)).ToList();
                while (!Task.WhenAll(workers).IsCompleted)
                {
                    task.Value = Volatile.Read(ref _done);
                    task.Description = $"burst {Volatile.Read(ref _acknowledged):N0} acknowledged";
                    await Task.WhenAny(Task.WhenAll(workers), Task.Delay(250, cancellationToken));
                }
                await Task.WhenAll(workers);
                task.Value = burst.Plan.Count;
            });
        stopwatch.Stop();
        var cpuAfter = server?.CpuSeconds();

        await WaitUntilVisibleAsync(http, cancellationToken);
        await sampling.CancelAsync();
        await sampler;

        var verification = await VerifyAsync(http, cancellationToken);
        return new D90Scenario.Result(
            "d90", DateTimeOffset.UtcNow, $"{Environment.ProcessorCount} cores, {Environment.OSVersion}", _campaign, burst.People, burst.Plan.Count,
            _acknowledged, _refusedAsExpected, Math.Round(stopwatch.Elapsed.TotalSeconds, 2), Math.Round(_acknowledged / stopwatch.Elapsed.TotalSeconds),
            _throughput.Peak(), _posts.Summarize(), _sampler.Reads.Summarize(), new SortedDictionary<string, long>(_statuses, StringComparer.Ordinal),
            _sender.Timeouts, _sender.ConnectionErrors, _sender.GaveUp, ProjectionLag(),
            cpuBefore is null ? null : Math.Round((cpuAfter!.Value - cpuBefore.Value) / stopwatch.Elapsed.TotalSeconds * 100),
            server is null ? null : Math.Round(server.PeakMemoryMb()),
            verification.EventsInLog, verification.Lost, verification.Duplicates, verification.Problems, verification.Problems.Count == 0);
    }

    /// <summary>Workers allowed to send at this point of the burst: a ramp, a baseline, and three "price now!" spikes.</summary>
    private int Target(long done)
    {
        var progress = (double)done / burst.Plan.Count;
        var share = progress switch
        {
            < 0.05 => 0.1 + progress / 0.05 * 0.5,
            >= 0.20 and < 0.30 or >= 0.50 and < 0.60 or >= 0.80 and < 0.90 => 1.0,
            _ => 0.6,
        };
        return Math.Max(1, (int)(connections * share));
    }

    private async Task SetUpAsync(HttpClient http, CancellationToken cancellationToken)
    {
        await SendAdminAsync(http, HttpMethod.Put, $"/api/campaigns/{_campaign}", """{"name": "D90 load test"}""", cancellationToken);
        for (var item = 0; item < D90Burst.Items.Count; item++)
        {
            var (_, name, _) = D90Burst.Items[item];
            await SendAdminAsync(http, HttpMethod.Put, ItemUrl(item),
                $$"""{"name": "{{name}}", "currency": "CNY", "min": {{D90Burst.Min}}, "max": {{D90Burst.Max}}, "step": {{D90Burst.Step}}, "mode": "direct"}""", cancellationToken);
            await SendAdminAsync(http, HttpMethod.Post, $"{ItemUrl(item)}/open", null, cancellationToken);
        }
    }

    private Task SendAdminAsync(HttpClient http, HttpMethod method, string url, string? json, CancellationToken cancellationToken) =>
        AdminRequests.SendAsync(http, settings.AdminKey, method, url, json, cancellationToken);

    /// <summary>One token per person and channel they use, signed like the OneID platform would, before the clock starts.</summary>
    private void MintTokens()
    {
        var channels = Channels.All.Count;
        _tokens = new string[burst.People * channels];
        var needed = burst.Plan.Select(s => s.Person * channels + s.ChannelIndex).Distinct().ToArray();
        AnsiConsole.Progress().AutoClear(true).Start(progress =>
        {
            var task = progress.AddTask($"minting {needed.Length:N0} OneID tokens", maxValue: needed.Length);
            var minted = 0;
            Parallel.ForEach(needed, slot =>
            {
                _tokens[slot] = OneIdTokens.Mint(settings.Issuer, settings.SigningKey, OneIdOf(slot / channels), Channels.All[slot % channels], TimeSpan.FromHours(2));
                if (Interlocked.Increment(ref minted) % 10_000 == 0) task.Value = minted;
            });
            task.Value = needed.Length;
        });
    }

    private string OneIdOf(int person) => $"{_campaign}-person-{person:D7}";

    private async Task SubmitAsync(HttpClient http, int index, CancellationToken cancellationToken)
    {
        var s = burst.Plan[index];
        var body = string.Create(CultureInfo.InvariantCulture, $$"""{"price": {{s.Price}}, "dwellMs": {{s.DwellMs}}}""");
        using var response = await _sender.SendAsync(http, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{ItemUrl(s.Item)}/submissions")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens[s.Person * Channels.All.Count + s.ChannelIndex]);
            request.Headers.Add("Idempotency-Key", s.Key.ToString("D"));
            request.Headers.Add(ClientAddresses.Header, _addresses.For(s.Person));
            return request;
        }, (status, elapsed) =>
        {
            _posts.Add(elapsed);
            _statuses.AddOrUpdate(((int)status).ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
        }, cancellationToken);
        switch (response?.StatusCode)
        {
            case HttpStatusCode.Created or HttpStatusCode.OK:
                var answer = await response.Content.ReadFromJsonAsync<Acknowledgement>(cancellationToken);
                _ackedSequence[index] = answer!.Sequence;
                _ackedAt[index] = _sampler.Now;
                acknowledged?.Invoke(answer.Sequence, Stopwatch.GetTimestamp());
                Interlocked.Increment(ref _acknowledged);
                _throughput.Add();
                break;
            case HttpStatusCode.BadRequest when s.Absurd:
                Interlocked.Increment(ref _refusedAsExpected);
                break;
        }
    }

    private sealed record Acknowledgement(Guid SubmissionId, long Sequence);

    /// <summary>Until every configuration's stats include its last acknowledged submission.</summary>
    private async Task WaitUntilVisibleAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        for (var item = 0; item < D90Burst.Items.Count; item++)
        {
            var last = Enumerable.Range(0, burst.Plan.Count).Where(i => burst.Plan[i].Item == item).Select(i => _ackedSequence[i]).DefaultIfEmpty().Max();
            await AsOfSampler.WaitUntilAsOfAsync(http, $"{ItemUrl(item)}/stats", last, deadline, cancellationToken);
        }
    }

    /// <summary>For each acknowledged submission to the sampled configuration: from its acknowledgement to the first stats read that includes it.</summary>
    private LatencySummary ProjectionLag() => _sampler.Lag(
        Enumerable.Range(0, burst.Plan.Count).Where(i => burst.Plan[i].Item == 0 && _ackedSequence[i] != 0).Select(i => (_ackedSequence[i], _ackedAt[i])));

    private sealed record Verification(long EventsInLog, long Lost, long Duplicates, IReadOnlyList<string> Problems);

    /// <summary>
    /// The log holds exactly the acknowledged submissions (same item and price at the acknowledged sequence, nothing
    /// else); each configuration's stats count the people with an accepted answer, and equal a recount of the current
    /// answers read back from the log and computed here (mean, quantiles type 7, 20% trimmed mean, min, max).
    /// </summary>
    private async Task<Verification> VerifyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (_sender.GaveUp > 0) problems.Add($"{_sender.GaveUp:N0} submissions never got an answer");
        if (_sender.WithoutRetryAfter > 0) problems.Add($"{_sender.WithoutRetryAfter:N0} answers 503/429 came without Retry-After");
        var unexpected = burst.Plan.Count - _acknowledged - _refusedAsExpected - _sender.GaveUp;
        if (unexpected > 0) problems.Add($"{unexpected:N0} submissions got an unexpected answer ({string.Join(", ", _statuses.Select(s => $"{s.Key}: {s.Value:N0}"))})");
        if (settings.Connection is null)
        {
            problems.Add("no ConnectionStrings__CoCreation: the log could not be checked");
            return new Verification(0, 0, 0, problems);
        }

        await using var dataSource = NpgsqlDataSource.Create(settings.Connection);
        var logged = new Dictionary<long, (string Item, long Price)>();
        await using (var command = dataSource.CreateCommand(
            $"select seq_id, data->>'itemId', (data->>'price')::bigint from {settings.Schema}.events where type = 'price-submitted' and data->>'campaignId' = $1"))
        {
            command.Parameters.AddWithValue(_campaign);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) logged[reader.GetInt64(0)] = (reader.GetString(1), reader.GetInt64(2));
        }

        long lost = 0;
        var acknowledged = new HashSet<long>();
        for (var i = 0; i < burst.Plan.Count; i++)
        {
            if (_ackedSequence[i] == 0) continue;
            acknowledged.Add(_ackedSequence[i]);
            var s = burst.Plan[i];
            if (!logged.TryGetValue(_ackedSequence[i], out var e) || e.Item != D90Burst.Items[s.Item].Id || e.Price != s.Price) lost++;
        }
        var duplicates = logged.Keys.Count(sequence => !acknowledged.Contains(sequence)) + (_acknowledged - acknowledged.Count);
        if (lost > 0) problems.Add($"{lost:N0} acknowledged submissions are not in the log as acknowledged");
        if (duplicates > 0) problems.Add($"{duplicates:N0} events are in the log beyond the acknowledged ones");

        for (var item = 0; item < D90Burst.Items.Count; item++) await CompareWithRecountAsync(http, dataSource, item, problems, cancellationToken);
        return new Verification(logged.Count, lost, duplicates, problems);
    }

    private async Task CompareWithRecountAsync(HttpClient http, NpgsqlDataSource dataSource, int item, List<string> problems, CancellationToken cancellationToken)
    {
        var id = D90Burst.Items[item].Id;
        var people = Enumerable.Range(0, burst.Plan.Count).Where(i => burst.Plan[i].Item == item && _ackedSequence[i] != 0).Select(i => burst.Plan[i].Person).Distinct().Count();
        var prices = new List<long>();
        await using (var command = dataSource.CreateCommand(
            $"""
            select distinct on (stream_id) (data->>'price')::bigint from {settings.Schema}.events
            where type = 'price-submitted' and data->>'campaignId' = $1 and data->>'itemId' = $2 order by stream_id, seq_id desc
            """))
        {
            command.Parameters.AddWithValue(_campaign);
            command.Parameters.AddWithValue(id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) prices.Add(reader.GetInt64(0));
        }
        prices.Sort();

        using var stats = JsonDocument.Parse(await http.GetStringAsync($"{ItemUrl(item)}/stats", cancellationToken));
        var root = stats.RootElement;
        void Check(string figure, double expected, double actual)
        {
            if (Math.Abs(expected - actual) > 1e-6 * Math.Max(1, Math.Abs(expected))) problems.Add($"{id}: {figure} is {actual}, the recount says {expected}");
        }
        Check("participants (people with an accepted answer)", people, root.GetProperty("participants").GetInt64());
        Check("participants (current answers in the log)", prices.Count, root.GetProperty("participants").GetInt64());
        if (prices.Count == 0) return;
        Check("mean", prices.Average(p => (double)p), root.GetProperty("mean").GetDouble());
        Check("min", prices[0], root.GetProperty("min").GetInt64());
        Check("max", prices[^1], root.GetProperty("max").GetInt64());
        foreach (var (name, p) in new[] { ("p01", 0.01), ("p25", 0.25), ("p50", 0.5), ("p75", 0.75), ("p99", 0.99) })
        {
            Check(name, Quantile(prices, p), root.GetProperty("quantiles").GetProperty(name).GetDouble());
        }
        var trim = prices.Count * 2 / 10;
        Check("trimmedMean20", prices.Skip(trim).Take(prices.Count - 2 * trim).Average(p => (double)p), root.GetProperty("trimmedMean20").GetDouble());
    }

    private static double Quantile(List<long> sorted, double p)
    {
        var h = (sorted.Count - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
