using System.Net;
using System.Text;
using System.Text.Json;
using CoCreation.Participants;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Contest;
using CoCreation.EventStore;
using CoCreation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CoCreation.Api.Tests.Contest;

public sealed class LeaderboardTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    private static void AssertMatches(List<(Guid Entry, int Votes, double Mean, double Adjusted)> expected, List<JsonElement> rows)
    {
        Assert.Equal(expected.Select(e => e.Entry), rows.Select(r => r.GetProperty("entryId").GetGuid()));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(i + 1, rows[i].GetProperty("rank").GetInt32());
            Assert.Equal(expected[i].Votes, rows[i].GetProperty("votes").GetInt32());
            Assert.Equal(expected[i].Adjusted, rows[i].GetProperty("adjustedScore").GetDouble(), 1e-9);
            if (expected[i].Votes > 0) Assert.Equal(expected[i].Mean, rows[i].GetProperty("meanScore").GetDouble(), 1e-9);
            else Assert.Equal(JsonValueKind.Null, rows[i].GetProperty("meanScore").ValueKind);
        }
    }

    [Fact]
    public async Task the_leaderboard_corrects_harsh_and_lenient_raters_as_an_independent_computation_does()
    {
        var url = await app.DefineContestAsync("raters");
        var entries = await app.ApprovedEntriesAsync(url, 5);
        await app.MoveToAsync(url, ContestStages.Voting);
        var scores = new Dictionary<(string Rater, Guid Entry), int>();
        async Task Score(string rater, Guid entry, int score)
        {
            Assert.Equal(HttpStatusCode.Created, (await app.AsParticipant(rater).ScoreAsync(url, entry, score)).StatusCode);
            scores[(rater, entry)] = score;
        }

        // Lenient raters give everything 4 or 5, harsh ones 0 to 2; entry 0 is scored only by harsh raters (at their best).
        for (var i = 0; i < 6; i++)
        {
            await Score($"lenient-{i}", entries[1], 5);
            await Score($"lenient-{i}", entries[2], 5);
            await Score($"lenient-{i}", entries[3], 4 + i % 2);
            await Score($"harsh-{i}", entries[0], 2);
            await Score($"harsh-{i}", entries[3], 0);
            await Score($"harsh-{i}", entries[4], i % 2);
        }
        // Changing minds: the replaced scores must leave no trace.
        await Score("lenient-0", entries[2], 1);
        await Score("harsh-1", entries[0], 1);

        var rows = await app.LeaderboardAsync(url);

        var directory = app.Services.GetRequiredService<ParticipantDirectory>();
        var effective = new List<(Guid, Guid, int)>();
        foreach (var ((rater, entry), score) in scores) effective.Add((await directory.ResolveAsync(rater, CancellationToken.None), entry, score));
        AssertMatches(LeaderboardOracle.Rank(effective, entries), rows);
        Assert.Equal(entries[0], rows[0].GetProperty("entryId").GetGuid());
        Assert.All(rows, r => Assert.Equal("voting", r.GetProperty("stage").GetString()));
    }

    [Fact]
    public async Task three_votes_of_five_do_not_beat_three_thousand_votes_averaging_4_6_through_the_live_projection()
    {
        var url = await app.DefineContestAsync("crowd");
        var entries = await app.ApprovedEntriesAsync(url, 3);
        var (few, many, other) = (entries[0], entries[1], entries[2]);
        await app.MoveToAsync(url, ContestStages.Voting);

        // 3,000 people through the log (COPY, not 6,000 HTTP requests): as the scoring endpoint would append them.
        var scores = new List<(Guid Rater, Guid Entry, int Score)>();
        for (var i = 0; i < 3000; i++)
        {
            var rater = Guid.CreateVersion7();
            scores.Add((rater, many, i < 1800 ? 5 : 4));
            scores.Add((rater, other, 3));
            if (i % 1000 == 0) scores.Add((rater, few, 5));
        }
        await app.Store.BulkAppendAsync(scores.Select(s => new BulkEvent(
            DesignContest.ScoreStreamId("crowd", "grilles", s.Rater), new ContestEntryScored("crowd", "grilles", s.Entry, s.Rater, s.Score),
            Actor: $"participant:{s.Rater:N}", StreamType: "contest-score")));

        var rows = await app.LeaderboardAsync(url);

        Assert.Equal(5.0, rows.Single(r => r.GetProperty("entryId").GetGuid() == few).GetProperty("meanScore").GetDouble());
        Assert.Equal(4.6, rows.Single(r => r.GetProperty("entryId").GetGuid() == many).GetProperty("meanScore").GetDouble(), 1e-12);
        Assert.Equal(many, rows[0].GetProperty("entryId").GetGuid());
        AssertMatches(LeaderboardOracle.Rank(scores, entries), rows);
        Assert.Single(await LimitAsync(url, 1));
    }

    private async Task<List<JsonElement>> LimitAsync(string url, int limit) =>
        [.. (await (await app.Anonymous().GetAsync($"{url}/leaderboard?limit={limit}")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK)).EnumerateArray()];

    [Fact]
    public async Task a_score_appended_after_the_stage_moved_on_is_not_counted()
    {
        var url = await app.DefineContestAsync("race");
        var entries = await app.ApprovedEntriesAsync(url, 2);
        await app.MoveToAsync(url, ContestStages.Voting);
        await app.MoveToAsync(url, ContestStages.Shortlist, entries[0]);

        // A node that had not seen the shortlist yet let this score through; in log order it comes too late.
        var rater = Guid.CreateVersion7();
        await app.Store.AppendAsync(DesignContest.ScoreStreamId("race", "grilles", rater), [new ContestEntryScored("race", "grilles", entries[1], rater, 5)]);
        await app.Store.AppendAsync(DesignContest.ScoreStreamId("race", "grilles", rater), [new ContestEntryScored("race", "grilles", entries[0], rater, 2)]);

        var row = Assert.Single(await app.LeaderboardAsync(url));
        Assert.Equal((entries[0], 1, 2.0), (row.GetProperty("entryId").GetGuid(), row.GetProperty("votes").GetInt32(), row.GetProperty("meanScore").GetDouble()));
    }

    [Fact]
    public async Task the_export_is_rfc_4180_csv_with_every_entry_its_history_scores_rank_and_image_hash()
    {
        var url = await app.DefineContestAsync("export");
        var quoted = await app.SubmitAsync(url, "export-a", ContestFixtures.Png(21), "Grille, \"bold\"");
        var plain = await app.SubmitAsync(url, "export-b", ContestFixtures.Png(22), "Plain");
        var rejected = await app.SubmitAsync(url, "export-c", ContestFixtures.Png(23), "Nope");
        await app.ModerateAsync(url, quoted, "approve");
        await app.ModerateAsync(url, plain, "approve");
        await app.ModerateAsync(url, rejected, "reject");
        await app.MoveToAsync(url, ContestStages.Voting);
        await app.AsParticipant("export-voter").ScoreAsync(url, quoted, 5);
        await app.AsParticipant("export-voter").ScoreAsync(url, plain, 1);
        await app.MoveToAsync(url, ContestStages.Shortlist, quoted);
        await app.SettleAsync();

        var response = await app.AsAdmin().GetAsync($"{url}/export?format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("entry_id,title,status,stage,stage_history,votes,mean_score,adjusted_score,rank,image_sha256,content_type,width,height,submitted_at", lines[0]);
        Assert.Equal(4, lines.Length);
        var rows = lines.Skip(1).Select(Fields).ToDictionary(f => Guid.Parse(f[0]));

        Assert.Equal(["Grille, \"bold\"", "approved", "shortlist"], rows[quoted][1..4]);
        Assert.Contains($"\"Grille, \"\"bold\"\"\"", text, StringComparison.Ordinal);
        Assert.Equal(["submitted", "approved", "voting", "shortlist"], rows[quoted][4].Split(';').Select(m => m.Split('@')[0]));
        Assert.Equal(("1", "5", "1"), (rows[quoted][5], rows[quoted][6], rows[quoted][8]));
        Assert.Equal(("rejected", "submission", "", ""), (rows[rejected][2], rows[rejected][3], rows[rejected][7], rows[rejected][8]));
        Assert.Equal(("voting", "1", ""), (rows[plain][3], rows[plain][5], rows[plain][8]));
        Assert.Equal(64, rows[plain][9].Length);
    }

    /// <summary>The fields of one RFC 4180 record without line breaks inside fields.</summary>
    private static string[] Fields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return [.. fields];
    }
}
