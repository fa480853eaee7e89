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
using CoCreation.Testing;
using Npgsql;
using Spectre.Console;

namespace CoCreation.LoadTests.Scenarios;

/// <summary>
/// One run of the contest scenario: the entries (each a PNG of its own size and colour, so each is stored once under
/// its own hash), their approval, the voting stage, then the scores in two rounds (first scores, then the changed ones,
/// so each fan's last score is known), and verification.
/// </summary>
internal sealed class ContestRun(Uri address, D90Scenario.Settings settings, int entries, int connections, ProcessStats? server)
{
    private const int ScoresPerEntry = 20;
    private const int FansPerEntry = 50;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly string _campaign = $"d90-contest-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
    private readonly ConcurrentDictionary<string, long> _statuses = new(StringComparer.Ordinal);
    private readonly Latencies _entryLatencies = new();
    private readonly Latencies _scoreLatencies = new();
    private readonly Latencies _reads = new();
    private readonly Throughput _throughput = new();
    private readonly RetryingSender _sender = new();
    private readonly ClientAddresses _addresses = new(D90Answers.FullPeople);
    private readonly Guid[] _entryIds = new Guid[entries];
    private long _unexpected, _imageBytes;

    private int Fans => entries * FansPerEntry;

    private string ContestUrl => $"/api/campaigns/{_campaign}/contests/grille";

    /// <summary>A planned score: who, which entry, what; <see cref="Sequence"/> is set when it is acknowledged.</summary>
    private sealed record PlannedScore(int Fan, int Entry, int Score, Guid Key)
    {
        public long Sequence { get; set; }
    }

    public async Task<ContestScenario.Result> ExecuteAsync(CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections + 8, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = address, Timeout = RequestTimeout };
        var (firstRound, changed) = PlanScores();
        AnsiConsole.MarkupLine($"[bold]contest[/]: {entries:N0} entries, then {firstRound.Count + changed.Count:N0} scores from {Fans:N0} fans into campaign {_campaign} at {address}");
        await AdminRequests.SendAsync(http, settings.AdminKey, HttpMethod.Put, $"/api/campaigns/{_campaign}", """{"name": "D90 design contest"}""", cancellationToken);
        await AdminRequests.SendAsync(http, settings.AdminKey, HttpMethod.Put, ContestUrl, """{"title": "D90 grille design"}""", cancellationToken);

        var cpuBefore = server?.CpuSeconds();
        var total = Stopwatch.StartNew();
        var clock = Stopwatch.StartNew();
        await InParallelAsync("entries", entries, i => SubmitEntryAsync(http, i, cancellationToken), cancellationToken);
        var entriesSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        await InParallelAsync("approving", entries, i => _entryIds[i] == Guid.Empty ? Task.CompletedTask : ApproveAsync(http, i, cancellationToken), cancellationToken);
        await AdminRequests.SendAsync(http, settings.AdminKey, HttpMethod.Post, $"{ContestUrl}/stage", """{"stage": "voting"}""", cancellationToken);
        var moderationSeconds = clock.Elapsed.TotalSeconds;

        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = SampleLeaderboardAsync(http, sampling.Token);
        clock.Restart();
        await InParallelAsync("scores", firstRound.Count, i => ScoreAsync(http, firstRound[i], cancellationToken), cancellationToken);
        await InParallelAsync("changed scores", changed.Count, i => ScoreAsync(http, changed[i], cancellationToken), cancellationToken);
        var scoresSeconds = clock.Elapsed.TotalSeconds;
        var cpuAfter = server?.CpuSeconds();
        var elapsed = total.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;

        var scores = firstRound.Concat(changed).ToList();
        var (events, lost, duplicates, problems) = await VerifyAsync(http, scores, cancellationToken);
        var entriesAcknowledged = _entryIds.LongCount(id => id != Guid.Empty);
        var scoresAcknowledged = scores.LongCount(s => s.Sequence != 0);
        return new ContestScenario.Result(
            "contest", DateTimeOffset.UtcNow, $"{Environment.ProcessorCount} cores, {Environment.OSVersion}", _campaign, entries, Fans, scores.Count,
            entriesAcknowledged, Math.Round(entriesSeconds, 2), Math.Round(entriesAcknowledged / entriesSeconds), Math.Round(_imageBytes / 1e6, 1),
            _entryLatencies.Summarize(), Math.Round(moderationSeconds, 2), scoresAcknowledged, Math.Round(scoresSeconds, 2),
            Math.Round(scoresAcknowledged / scoresSeconds), _throughput.Peak(), _scoreLatencies.Summarize(), _reads.Summarize(),
            new SortedDictionary<string, long>(_statuses, StringComparer.Ordinal), _sender.Timeouts, _sender.ConnectionErrors, _sender.GaveUp,
            cpuBefore is null ? null : Math.Round((cpuAfter!.Value - cpuBefore.Value) / elapsed * 100),
            server is null ? null : Math.Round(server.PeakMemoryMb()),
            events, lost, duplicates, problems, problems.Count == 0);
    }

    /// <summary>
    /// Twenty scores an entry from fans who score an entry once at first; entries differ in appeal and fans in
    /// harshness (the leaderboard's adjusted score corrects for it); one first score in twenty is changed afterwards.
    /// </summary>
    private (List<PlannedScore> First, List<PlannedScore> Changed) PlanScores()
    {
        var random = new Random(1286);
        var appeal = Enumerable.Range(0, entries).Select(_ => random.NextDouble()).ToArray();
        var keys = 0;
        var first = new List<PlannedScore>(entries * ScoresPerEntry);
        var pairs = new HashSet<(int, int)>();
        while (first.Count < entries * ScoresPerEntry)
        {
            var fan = random.Next(Fans);
            var entry = random.Next(entries);
            if (!pairs.Add((fan, entry))) continue;
            first.Add(new PlannedScore(fan, entry, ScoreOf(appeal[entry], fan, random), Keys.For(0x434F_4E54_0000_0000L, keys++)));
        }
        var changed = first.Where(_ => random.NextDouble() < 0.05)
            .Select(s => s with { Score = ScoreOf(appeal[s.Entry], s.Fan, random), Key = Keys.For(0x434F_4E54_0000_0000L, keys++) }).ToList();
        return (first, changed);
    }

    private static int ScoreOf(double appeal, int fan, Random random)
    {
        var harshness = fan % 5 switch { 0 => -1.0, 4 => 1.0, _ => 0.0 };
        return Math.Clamp((int)Math.Round(5 * appeal + harshness + (random.NextDouble() - 0.5) * 2), 0, 5);
    }

    private Task InParallelAsync(string what, int count, Func<int, Task> work, CancellationToken cancellationToken) =>
        ParallelWork.RunAsync(what, count, connections, work, cancellationToken);

    private async Task SubmitEntryAsync(HttpClient http, int i, CancellationToken cancellationToken)
    {
        var image = EntryImage(i);
        Interlocked.Add(ref _imageBytes, image.Length);
        var key = Keys.For(0x454E_5452_0000_0000L, i);
        var token = OneIdTokens.Mint(settings.Issuer, settings.SigningKey, $"{_campaign}-designer-{i:D5}", Channels.All[i % Channels.All.Count], TimeSpan.FromHours(2));
        using var response = await _sender.SendAsync(http, () =>
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent($"格栅 Grille {i + 1}"), "title" },
                { new StringContent("Chrome bars, wider at the bottom"), "description" },
            };
            var file = new ByteArrayContent(image);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, "image", $"grille-{i + 1}.png");
            var request = new HttpRequestMessage(HttpMethod.Post, $"{ContestUrl}/entries") { Content = form };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("Idempotency-Key", key.ToString("D"));
            request.Headers.Add(ClientAddresses.Header, _addresses.For(i * (D90Answers.FullPeople / entries)));
            return request;
        }, (status, elapsed) => Observe(status, elapsed, _entryLatencies), cancellationToken);
        if (response?.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
        {
            _entryIds[i] = (await response.Content.ReadFromJsonAsync<EntryAcknowledgement>(cancellationToken))!.EntryId;
        }
        else if (response is not null)
        {
            Interlocked.Increment(ref _unexpected);
        }
    }

    /// <summary>
    /// A photo-like PNG of its own per entry: 256 × 192 pixels of noise, which compresses as little as a photo does
    /// (about 150 kB), so the uploads, the content check and the storage by hash carry realistic weight.
    /// </summary>
    private static byte[] EntryImage(int i)
    {
        const int Width = 256, Height = 192;
        var random = new Random(i);
        var scanlines = new byte[Height * (1 + 3 * Width)];
        random.NextBytes(scanlines);
        for (var row = 0; row < Height; row++) scanlines[row * (1 + 3 * Width)] = 0; // filter type: none
        using var compressed = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Fastest)) zlib.Write(scanlines);
        return TestImages.Png(Width, Height, idat: compressed.ToArray());
    }

    private async Task ApproveAsync(HttpClient http, int i, CancellationToken cancellationToken)
    {
        using var response = await _sender.SendAsync(http, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{ContestUrl}/entries/{_entryIds[i]}/moderation")
            {
                Content = new StringContent("""{"decision": "approve"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.AdminKey);
            return request;
        }, (status, _) => _statuses.AddOrUpdate(((int)status).ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1), cancellationToken);
        if (response is { IsSuccessStatusCode: false }) Interlocked.Increment(ref _unexpected);
    }

    private async Task ScoreAsync(HttpClient http, PlannedScore score, CancellationToken cancellationToken)
    {
        var token = OneIdTokens.Mint(settings.Issuer, settings.SigningKey, $"{_campaign}-fan-{score.Fan:D7}", Channels.All[score.Fan % Channels.All.Count], TimeSpan.FromHours(2));
        using var response = await _sender.SendAsync(http, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{ContestUrl}/entries/{_entryIds[score.Entry]}/score")
            {
                Content = new StringContent($$"""{"score": {{score.Score}}}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("Idempotency-Key", score.Key.ToString("D"));
            request.Headers.Add(ClientAddresses.Header, _addresses.For((int)((long)score.Fan * D90Answers.FullPeople / Fans)));
            return request;
        }, (status, elapsed) => Observe(status, elapsed, _scoreLatencies), cancellationToken);
        if (response?.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
        {
            score.Sequence = (await response.Content.ReadFromJsonAsync<ScoreAcknowledgement>(cancellationToken))!.Sequence;
            _throughput.Add();
        }
        else if (response is not null)
        {
            Interlocked.Increment(ref _unexpected);
        }
    }

    private void Observe(HttpStatusCode status, TimeSpan elapsed, Latencies latencies)
    {
        latencies.Add(elapsed);
        _statuses.AddOrUpdate(((int)status).ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
    }

    private sealed record EntryAcknowledgement(Guid EntryId);

    private sealed record ScoreAcknowledgement(long Sequence);

    /// <summary>Reads the top of the leaderboard every 50 ms while the scores come in, as the overlay's leaderboard scene would.</summary>
    private async Task SampleLeaderboardAsync(HttpClient http, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var sent = Stopwatch.GetTimestamp();
                await http.GetStringAsync($"{ContestUrl}/leaderboard?limit=24", cancellationToken);
                _reads.Add(Stopwatch.GetElapsedTime(sent));
                await Task.Delay(50, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// The log holds exactly the acknowledged entries and scores; the leaderboard (once it has caught up) gives every
    /// entry the votes and mean score of a tally of each fan's last acknowledged score.
    /// </summary>
    private async Task<(long Events, long Lost, long Duplicates, List<string> Problems)> VerifyAsync(
        HttpClient http, List<PlannedScore> scores, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (_sender.GaveUp > 0) problems.Add($"{_sender.GaveUp:N0} requests never got an answer");
        if (_unexpected > 0) problems.Add($"{_unexpected:N0} requests got an unexpected answer ({string.Join(", ", _statuses.Select(s => $"{s.Key}: {s.Value:N0}"))})");
        if (_sender.WithoutRetryAfter > 0) problems.Add($"{_sender.WithoutRetryAfter:N0} answers 503/429 came without Retry-After");
        if (settings.Connection is null)
        {
            problems.Add("no ConnectionStrings__CoCreation: the log could not be checked");
            return (0, 0, 0, problems);
        }

        await using var dataSource = NpgsqlDataSource.Create(settings.Connection);
        var submitted = new HashSet<Guid>();
        var scored = new Dictionary<long, (Guid Entry, int Score)>();
        await using (var command = dataSource.CreateCommand(
            $"select seq_id, type, (data->>'entryId')::uuid, (data->>'score')::int from {settings.Schema}.events where type in ('contest-entry-submitted', 'contest-entry-scored') and data->>'campaignId' = $1"))
        {
            command.Parameters.AddWithValue(_campaign);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetString(1) == "contest-entry-submitted") submitted.Add(reader.GetGuid(2));
                else scored[reader.GetInt64(0)] = (reader.GetGuid(2), reader.GetInt32(3));
            }
        }
        var acknowledgedEntries = _entryIds.Where(id => id != Guid.Empty).ToHashSet();
        long lost = acknowledgedEntries.Count(id => !submitted.Contains(id));
        long duplicates = submitted.Count(id => !acknowledgedEntries.Contains(id));
        var acknowledgedScores = new HashSet<long>();
        foreach (var s in scores.Where(s => s.Sequence != 0))
        {
            acknowledgedScores.Add(s.Sequence);
            if (!scored.TryGetValue(s.Sequence, out var e) || e.Entry != _entryIds[s.Entry] || e.Score != s.Score) lost++;
        }
        duplicates += scored.Keys.Count(sequence => !acknowledgedScores.Contains(sequence));
        if (lost > 0) problems.Add($"{lost:N0} acknowledged entries or scores are not in the log as acknowledged");
        if (duplicates > 0) problems.Add($"{duplicates:N0} events are in the log beyond the acknowledged ones");

        // Each fan's last acknowledged score per entry: a changed score (sent after every first one) wins.
        var last = new Dictionary<(int Fan, int Entry), int>();
        foreach (var s in scores.Where(s => s.Sequence != 0)) last[(s.Fan, s.Entry)] = s.Score;
        var expected = Enumerable.Range(0, entries).Where(i => _entryIds[i] != Guid.Empty).ToDictionary(i => _entryIds[i], i =>
        {
            var given = last.Where(p => p.Key.Entry == i).Select(p => p.Value).ToList();
            return (Votes: given.Count, Mean: given.Count == 0 ? (double?)null : given.Average());
        });
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        List<string> mismatches;
        do
        {
            using var board = JsonDocument.Parse(await http.GetStringAsync($"{ContestUrl}/leaderboard", cancellationToken));
            var rows = board.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("entryId").GetGuid());
            mismatches = [];
            foreach (var (entryId, (votes, mean)) in expected)
            {
                if (!rows.TryGetValue(entryId, out var row))
                {
                    mismatches.Add($"entry {entryId} is not on the leaderboard");
                    continue;
                }
                if (row.GetProperty("votes").GetInt32() != votes) mismatches.Add($"entry {entryId}: {row.GetProperty("votes").GetInt32()} votes, the tally says {votes}");
                var shown = row.GetProperty("meanScore") is { ValueKind: JsonValueKind.Number } m ? m.GetDouble() : (double?)null;
                if (shown is null != mean is null || (mean is { } x && Math.Abs(x - shown!.Value) > 1e-9)) mismatches.Add($"entry {entryId}: mean score {shown}, the tally says {mean}");
            }
            if (mismatches.Count == 0 || DateTime.UtcNow > deadline) break;
            await Task.Delay(200, cancellationToken);
        }
        while (true);
        problems.AddRange(mismatches.Take(10));
        return (submitted.Count + scored.Count, lost, duplicates, problems);
    }
}
