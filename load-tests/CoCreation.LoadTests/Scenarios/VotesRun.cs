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

/// <summary>
/// One run of the votes scenario: set-up of the 18 points, a token per voter, the first round (ballots and suggestions,
/// shuffled) then the changed ballots, with a results sampler beside them; then verification.
/// </summary>
internal sealed class VotesRun(Uri address, D90Scenario.Settings settings, VotesPlan plan, int connections, ProcessStats? server)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly string _campaign = $"d90-votes-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
    private readonly PlannedVote[] _all = [.. plan.FirstRound, .. plan.Revisions];
    private readonly long[] _ackedSequence = new long[plan.Requests];
    private readonly long[] _ackedAt = new long[plan.Requests];
    private readonly ConcurrentDictionary<string, long> _statuses = new(StringComparer.Ordinal);
    private readonly Latencies _allLatencies = new();
    private readonly Latencies _ballots = new();
    private readonly Latencies _suggestions = new();
    private readonly Throughput _throughput = new();
    private readonly RetryingSender _sender = new();
    private readonly AsOfSampler _sampler = new();
    // The voters are some of the D90 crowd, so they come from its addresses: spread over all of them, as a carrier's
    // address is shared by a share of the crowd, not by a fixed number of voters.
    private readonly ClientAddresses _addresses = new(D90Answers.FullPeople);
    private string[] _tokens = [];
    private long _acknowledged, _unexpected;

    private string AddressOf(int voter) => _addresses.For((int)((long)voter * D90Answers.FullPeople / plan.Voters));

    private string QuestionUrl(int q) => $"/api/campaigns/{_campaign}/questions/{plan.Questions[q].Id}";

    public async Task<VotesScenario.Result> ExecuteAsync(CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections + 8, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = address, Timeout = RequestTimeout };
        AnsiConsole.MarkupLine($"[bold]votes[/]: {plan.Requests:N0} requests from {plan.Voters:N0} voters (from {_addresses.Addresses:N0} addresses) on {plan.Questions.Count} points into campaign {_campaign} at {address}");
        await SetUpAsync(http, cancellationToken);
        MintTokens();

        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = _sampler.SampleAsync(http, $"{QuestionUrl(0)}/results", sampling.Token);
        var cpuBefore = server?.CpuSeconds();
        var stopwatch = Stopwatch.StartNew();
        // The changed ballots go once every first ballot is answered, so each replaces a stored one.
        await ParallelWork.RunAsync("votes", plan.FirstRound.Count, connections, i => SendAsync(http, i, cancellationToken), cancellationToken);
        await ParallelWork.RunAsync("changed ballots", plan.Revisions.Count, connections,
            i => SendAsync(http, plan.FirstRound.Count + i, cancellationToken), cancellationToken);
        stopwatch.Stop();
        var cpuAfter = server?.CpuSeconds();

        await WaitUntilVisibleAsync(http, cancellationToken);
        await sampling.CancelAsync();
        await sampler;

        var (events, lost, duplicates, problems) = await VerifyAsync(http, cancellationToken);
        var ballots = Enumerable.Range(0, _all.Length).LongCount(i => _all[i].IsBallot && _ackedSequence[i] != 0);
        return new VotesScenario.Result(
            "votes", DateTimeOffset.UtcNow, $"{Environment.ProcessorCount} cores, {Environment.OSVersion}", _campaign, plan.Voters, plan.Questions.Count,
            plan.Requests, _acknowledged, ballots, _acknowledged - ballots, Math.Round(stopwatch.Elapsed.TotalSeconds, 2),
            Math.Round(_acknowledged / stopwatch.Elapsed.TotalSeconds), _throughput.Peak(), _allLatencies.Summarize(), _ballots.Summarize(),
            _suggestions.Summarize(), _sampler.Reads.Summarize(), new SortedDictionary<string, long>(_statuses, StringComparer.Ordinal),
            _sender.Timeouts, _sender.ConnectionErrors, _sender.GaveUp, ProjectionLag(),
            cpuBefore is null ? null : Math.Round((cpuAfter!.Value - cpuBefore.Value) / stopwatch.Elapsed.TotalSeconds * 100),
            server is null ? null : Math.Round(server.PeakMemoryMb()),
            events, lost, duplicates, problems, problems.Count == 0);
    }

    private async Task SetUpAsync(HttpClient http, CancellationToken cancellationToken)
    {
        await SendAdminAsync(http, HttpMethod.Put, $"/api/campaigns/{_campaign}", """{"name": "D90 product definition"}""", cancellationToken);
        for (var q = 0; q < plan.Questions.Count; q++)
        {
            var question = plan.Questions[q];
            var options = string.Join(", ", VotesPlan.Options.Select(o => $$"""{"id": "{{o}}", "label": "Option {{o.ToUpperInvariant()}}"}"""));
            var limits = (question.MaxChoices is { } max ? $", \"maxChoices\": {max}" : "") + (question.Budget is { } budget ? $", \"budget\": {budget}" : "");
            await SendAdminAsync(http, HttpMethod.Put, QuestionUrl(q),
                $$"""{"title": "Definition point {{q + 1}}", "kind": "{{question.Kind}}", "options": [{{options}}]{{limits}}}""", cancellationToken);
            await SendAdminAsync(http, HttpMethod.Post, $"{QuestionUrl(q)}/open", null, cancellationToken);
        }
    }

    private Task SendAdminAsync(HttpClient http, HttpMethod method, string url, string? json, CancellationToken cancellationToken) =>
        AdminRequests.SendAsync(http, settings.AdminKey, method, url, json, cancellationToken);

    private void MintTokens()
    {
        _tokens = new string[plan.Voters];
        Parallel.For(0, plan.Voters, voter =>
            _tokens[voter] = OneIdTokens.Mint(settings.Issuer, settings.SigningKey, $"{_campaign}-voter-{voter:D6}", Channels.All[VotesPlan.ChannelOf(voter)], TimeSpan.FromHours(2)));
    }

    /// <summary>Sends one planned ballot or suggestion, retrying with the same key through timeouts, refused connections, 503 and 429.</summary>
    private async Task SendAsync(HttpClient http, int index, CancellationToken cancellationToken)
    {
        var vote = _all[index];
        var url = $"{QuestionUrl(vote.Question)}/{(vote.IsBallot ? "ballots" : "suggestions")}";
        using var response = await _sender.SendAsync(http, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(vote.Body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens[vote.Voter]);
            request.Headers.Add("Idempotency-Key", vote.Key.ToString("D"));
            request.Headers.Add(ClientAddresses.Header, AddressOf(vote.Voter));
            return request;
        }, (status, elapsed) =>
        {
            _allLatencies.Add(elapsed);
            (vote.IsBallot ? _ballots : _suggestions).Add(elapsed);
            _statuses.AddOrUpdate(((int)status).ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
        }, cancellationToken);
        if (response is null) return;
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
        {
            Interlocked.Increment(ref _unexpected);
            return;
        }
        var answer = await response.Content.ReadFromJsonAsync<Acknowledgement>(cancellationToken);
        _ackedSequence[index] = answer!.Sequence;
        _ackedAt[index] = _sampler.Now;
        Interlocked.Increment(ref _acknowledged);
        _throughput.Add();
    }

    private sealed record Acknowledgement(long Sequence);

    private async Task WaitUntilVisibleAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        for (var q = 0; q < plan.Questions.Count; q++)
        {
            var last = Enumerable.Range(0, _all.Length).Where(i => _all[i].IsBallot && _all[i].Question == q).Select(i => _ackedSequence[i]).DefaultIfEmpty().Max();
            await AsOfSampler.WaitUntilAsOfAsync(http, $"{QuestionUrl(q)}/results", last, deadline, cancellationToken);
        }
    }

    /// <summary>For each acknowledged ballot on the first point: from its acknowledgement to the first results read that includes it.</summary>
    private LatencySummary ProjectionLag() => _sampler.Lag(
        Enumerable.Range(0, _all.Length).Where(i => _all[i].IsBallot && _all[i].Question == 0 && _ackedSequence[i] != 0).Select(i => (_ackedSequence[i], _ackedAt[i])));

    /// <summary>
    /// The log holds exactly the acknowledged ballots (same point and marks at the acknowledged sequence) and
    /// suggestions, nothing else; every point's results equal a tally, computed here, of each voter's last acknowledged
    /// ballot: participants, and per option the voters marking it, the mean score, the points given.
    /// </summary>
    private async Task<(long Events, long Lost, long Duplicates, List<string> Problems)> VerifyAsync(HttpClient http, CancellationToken cancellationToken)
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
        var logged = new Dictionary<long, (string Type, string Question, string? Marks)>();
        await using (var command = dataSource.CreateCommand(
            $"select seq_id, type, data->>'questionId', data->>'marks' from {settings.Schema}.events where type in ('ballot-cast', 'suggestion-submitted') and data->>'campaignId' = $1"))
        {
            command.Parameters.AddWithValue(_campaign);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                logged[reader.GetInt64(0)] = (reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
            }
        }

        long lost = 0;
        var acknowledged = new HashSet<long>();
        for (var i = 0; i < _all.Length; i++)
        {
            if (_ackedSequence[i] == 0) continue;
            acknowledged.Add(_ackedSequence[i]);
            var vote = _all[i];
            if (!logged.TryGetValue(_ackedSequence[i], out var e) || e.Question != plan.Questions[vote.Question].Id
                || e.Type != (vote.IsBallot ? "ballot-cast" : "suggestion-submitted") || (vote.IsBallot && !SameMarks(e.Marks, vote.Values!)))
            {
                lost++;
            }
        }
        var duplicates = logged.Keys.Count(sequence => !acknowledged.Contains(sequence)) + (_acknowledged - acknowledged.Count);
        if (lost > 0) problems.Add($"{lost:N0} acknowledged requests are not in the log as acknowledged");
        if (duplicates > 0) problems.Add($"{duplicates:N0} events are in the log beyond the acknowledged ones");

        for (var q = 0; q < plan.Questions.Count; q++) await CompareWithTallyAsync(http, q, problems, cancellationToken);
        return (logged.Count, lost, duplicates, problems);
    }

    private static bool SameMarks(string? json, int[] values)
    {
        if (json is null) return false;
        using var marks = JsonDocument.Parse(json);
        var logged = marks.RootElement.EnumerateArray().ToDictionary(m => m.GetProperty("optionId").GetString()!, m => m.GetProperty("value").GetInt32());
        var planned = Enumerable.Range(0, values.Length).Where(o => values[o] > 0).ToDictionary(o => VotesPlan.Options[o], o => values[o]);
        return logged.Count == planned.Count && planned.All(p => logged.TryGetValue(p.Key, out var v) && v == p.Value);
    }

    private async Task CompareWithTallyAsync(HttpClient http, int q, List<string> problems, CancellationToken cancellationToken)
    {
        var question = plan.Questions[q];
        // Each voter's last acknowledged ballot on the point: a changed ballot (sent after every first one) wins.
        var last = new Dictionary<int, int[]>();
        for (var i = 0; i < _all.Length; i++)
        {
            if (_all[i] is { IsBallot: true } vote && vote.Question == q && _ackedSequence[i] != 0) last[vote.Voter] = vote.Values!;
        }

        using var results = JsonDocument.Parse(await http.GetStringAsync($"{QuestionUrl(q)}/results", cancellationToken));
        var root = results.RootElement;
        void Check(string figure, double expected, double actual)
        {
            if (Math.Abs(expected - actual) > 1e-9 * Math.Max(1, Math.Abs(expected))) problems.Add($"{question.Id}: {figure} is {actual}, the tally says {expected}");
        }
        Check("participants", last.Count, root.GetProperty("participants").GetInt64());
        var options = root.GetProperty("options").EnumerateArray().ToDictionary(o => o.GetProperty("id").GetString()!);
        for (var o = 0; o < VotesPlan.Options.Length; o++)
        {
            var exported = options[VotesPlan.Options[o]];
            var marked = last.Values.Where(v => v[o] > 0).Select(v => v[o]).ToList();
            Check($"{VotesPlan.Options[o]}.votes", marked.Count, exported.GetProperty("votes").GetInt64());
            if (question.Kind == "score" && marked.Count > 0) Check($"{VotesPlan.Options[o]}.meanScore", marked.Average(), exported.GetProperty("meanScore").GetDouble());
            if (question.Kind == "points") Check($"{VotesPlan.Options[o]}.points", marked.Sum(), exported.GetProperty("points").GetInt64());
        }
    }
}
