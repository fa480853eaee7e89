using System.Net;
using System.Text.Json;
using CoCreation.Api.Contest.Leaderboard;
using CoCreation.Api.Tests.Contest;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Voting;

namespace CoCreation.Api.Tests.Live;

/// <summary>Vote results and contest leaderboards on the <c>/hubs/live</c> hub, fed by the real log and daemon.</summary>
public sealed class LiveResultsTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    [Fact]
    public async Task watch_sends_the_results_of_every_question_and_the_leaderboard_of_every_contest_at_once()
    {
        var campaign = LiveFixtures.NewCampaign();
        var seats = await app.DefineQuestionAsync(campaign, "seats");
        var spend = await app.DefineQuestionAsync(campaign, "spend", VotingFixtures.PointsQuestion);
        var grilles = await app.DefineContestAsync(campaign, "grilles");
        var wheels = await app.DefineContestAsync(campaign, "wheels");
        var entries = await app.ApprovedEntriesAsync(grilles, 2);
        await app.MoveToAsync(grilles, "voting");
        await app.AsParticipant("rater").ScoreAsync(grilles, entries[0], 4);
        await app.CastAsync(seats, "voter", "five");
        await app.WaitForLiveAsync();
        await using var client = await LiveHubClient.ConnectAsync(app);

        await client.WatchAsync(campaign, CoCreationApp.HostKey);

        var received = client.TakeReceived();
        Assert.Equal(5, received.Count);
        Assert.Single(received, m => m.Target == "scene");
        foreach (var (id, url) in new[] { ("seats", seats), ("spend", spend) })
        {
            var results = Assert.Single(received, m => m.IsResultsOf(id));
            Assert.True(LiveFixtures.SameJson(results.Arguments[1], await app.ResultsJsonAsync(url)));
        }
        Assert.Equal(1, Assert.Single(received, m => m.IsResultsOf("seats")).Arguments[1].GetProperty("participants").GetInt64());
        foreach (var (id, url) in new[] { ("grilles", grilles), ("wheels", wheels) })
        {
            var board = Assert.Single(received, m => m.IsLeaderboardOf(id));
            Assert.True(LiveFixtures.SameJson(board.Arguments[1], await app.LeaderboardJsonAsync(url)));
        }
        var grilleRows = Assert.Single(received, m => m.IsLeaderboardOf("grilles")).Arguments[1];
        Assert.Equal(2, grilleRows.GetArrayLength());
        Assert.Equal(1, grilleRows.EnumerateArray().Single(r => r.GetProperty("entryId").GetGuid() == entries[0]).GetProperty("votes").GetInt32());
        Assert.Equal(0, Assert.Single(received, m => m.IsLeaderboardOf("wheels")).Arguments[1].GetArrayLength());
    }

    [Fact]
    public async Task a_ballot_is_pushed_with_its_sequence_and_votes_equal_to_a_recount_of_current_ballots()
    {
        var campaign = LiveFixtures.NewCampaign();
        var url = await app.DefineQuestionAsync(campaign, "seats");
        await app.WaitForLiveAsync();
        await using var client = await LiveHubClient.ConnectAsync(app);
        await client.WatchAsync(campaign, CoCreationApp.AdminKey);
        client.TakeReceived();
        // The last word of each person counts: p0 changes their mind at the end.
        (string Person, string Choice)[] ballots = [("p0", "five"), ("p1", "seven"), ("p2", "five"), ("p3", "five"), ("p4", "seven"), ("p0", "seven")];

        long sequence = 0;
        foreach (var (person, choice) in ballots) sequence = await app.CastAsync(url, $"{campaign}-{person}", choice);

        var push = (await client.ReadUntilAsync(m => m.IsResultsOf("seats") && m.Sequence() >= sequence))[^1];
        Assert.Equal(sequence, push.Sequence());
        var current = new Dictionary<string, string>();
        foreach (var (person, choice) in ballots) current[person] = choice;
        var results = push.Arguments[1];
        Assert.Equal(current.Count, results.GetProperty("participants").GetInt64());
        foreach (var option in results.GetProperty("options").EnumerateArray())
        {
            var id = option.GetProperty("id").GetString();
            Assert.Equal(current.Values.Count(choice => choice == id), option.GetProperty("votes").GetInt64());
        }
        Assert.True(LiveFixtures.SameJson(results, await app.ResultsJsonAsync(url)));
    }

    [Fact]
    public async Task a_score_is_pushed_as_a_new_leaderboard_with_its_sequence()
    {
        var campaign = LiveFixtures.NewCampaign();
        var url = await app.DefineContestAsync(campaign, "grilles");
        var entries = await app.ApprovedEntriesAsync(url, 2);
        await app.MoveToAsync(url, "voting");
        await app.WaitForLiveAsync();
        await using var client = await LiveHubClient.ConnectAsync(app);
        await client.WatchAsync(campaign, CoCreationApp.AdminKey);
        client.TakeReceived();

        var scored = await (await app.AsParticipant($"{campaign}-rater").ScoreAsync(url, entries[1], 5)).AssertJsonAsync<JsonElement>(HttpStatusCode.Created);
        var sequence = scored.GetProperty("sequence").GetInt64();

        var push = (await client.ReadUntilAsync(m => m.IsLeaderboardOf("grilles") && m.Sequence() >= sequence))[^1];
        Assert.Equal(sequence, push.Sequence());
        var rows = push.Arguments[1].EnumerateArray().ToDictionary(r => r.GetProperty("entryId").GetGuid());
        Assert.Equal(1, rows[entries[1]].GetProperty("votes").GetInt32());
        Assert.Equal(5, rows[entries[1]].GetProperty("meanScore").GetDouble());
        Assert.Equal(0, rows[entries[0]].GetProperty("votes").GetInt32());
        Assert.True(LiveFixtures.SameJson(push.Arguments[1], await app.LeaderboardJsonAsync(url)));
    }

    [Fact]
    public async Task a_leaderboard_message_carries_the_first_rows_of_a_long_leaderboard()
    {
        var campaign = LiveFixtures.NewCampaign();
        var url = await app.DefineContestAsync(campaign, "grilles");
        await app.ApprovedEntriesAsync(url, LeaderboardTopics.Rows + 2, seed: 100);
        await app.MoveToAsync(url, "voting");
        await app.WaitForLiveAsync();
        await using var client = await LiveHubClient.ConnectAsync(app);

        await client.WatchAsync(campaign, CoCreationApp.AdminKey);

        var rows = Assert.Single(client.TakeReceived(), m => m.IsLeaderboardOf("grilles")).Arguments[1];
        var all = JsonDocument.Parse(await app.LeaderboardJsonAsync(url)).RootElement;
        Assert.Equal(LeaderboardTopics.Rows + 2, all.GetArrayLength());
        Assert.True(LiveFixtures.SameJson(rows, JsonSerializer.Serialize(all.EnumerateArray().Take(LeaderboardTopics.Rows))));
    }

    [Fact]
    public async Task public_watchers_get_neither_vote_results_nor_leaderboards_until_the_scene_reveals_results()
    {
        var campaign = LiveFixtures.NewCampaign();
        var question = await app.DefineQuestionAsync(campaign, "seats");
        var contest = await app.DefineContestAsync(campaign, "grilles");
        var entries = await app.ApprovedEntriesAsync(contest, 1);
        await app.MoveToAsync(contest, "voting");
        await app.WaitForLiveAsync();
        await using var viewer = await LiveHubClient.ConnectAsync(app);

        await viewer.WatchAsync(campaign);

        Assert.Equal(["scene"], viewer.TakeReceived().Select(m => m.Target));
        await app.CastAsync(question, $"{campaign}-voter", "seven");
        await app.AsParticipant($"{campaign}-rater").ScoreAsync(contest, entries[0], 3);
        await app.WaitForLiveAsync();
        (await app.AsHost().PutSceneAsync(campaign, """{"kind": "vote", "targetId": "seats"}""")).EnsureSuccessStatusCode();
        var hidden = await viewer.ReadUntilAsync(m => m.Target == "scene" && m.Arguments[0].GetProperty("kind").GetString() == "vote");
        Assert.DoesNotContain(hidden, m => m.Target is "voteResults" or "leaderboard");

        (await app.AsHost().PutSceneAsync(campaign, """{"kind": "vote", "targetId": "seats", "revealResults": true}""")).EnsureSuccessStatusCode();
        var seen = new HashSet<string>();
        var revealed = await viewer.ReadUntilAsync(m => m.Target is "voteResults" or "leaderboard" && seen.Add(m.Target) && seen.Count == 2);
        Assert.Equal(1, revealed.Single(m => m.IsResultsOf("seats")).Arguments[1].GetProperty("participants").GetInt64());
        Assert.Equal(1, revealed.Single(m => m.IsLeaderboardOf("grilles")).Arguments[1][0].GetProperty("votes").GetInt32());
    }
}

/// <summary>Ballots and reads for the live results tests.</summary>
internal static class LiveResultsFixtures
{
    /// <summary>Casts a single-choice ballot as <paramref name="oneId"/> and returns the event's sequence.</summary>
    public static async Task<long> CastAsync(this CoCreationApp app, string questionUrl, string oneId, string choice)
    {
        var response = await app.AsParticipant(oneId).VoteAsync(questionUrl, $$"""{"choices": ["{{choice}}"]}""");
        return (await response.AssertJsonAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("sequence").GetInt64();
    }

    public static async Task<string> ResultsJsonAsync(this CoCreationApp app, string questionUrl)
    {
        await app.WaitForLiveAsync();
        var response = await app.Anonymous().GetAsync($"{questionUrl}/results");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public static async Task<string> LeaderboardJsonAsync(this CoCreationApp app, string contestUrl)
    {
        await app.WaitForLiveAsync();
        var response = await app.Anonymous().GetAsync($"{contestUrl}/leaderboard");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
