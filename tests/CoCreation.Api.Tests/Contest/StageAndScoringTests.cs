using System.Net;
using System.Text.Json;
using CoCreation.Participants;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Contest;
using Microsoft.Extensions.DependencyInjection;

namespace CoCreation.Api.Tests.Contest;

public sealed class StageAndScoringTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    [Fact]
    public async Task stages_move_forward_only_each_as_an_admin_event()
    {
        var url = await app.DefineContestAsync("forward");

        await app.MoveToAsync(url, ContestStages.Voting);
        var back = await app.AssertStoresNothingAsync(() => app.StageAsync(url, ContestStages.Submission));
        var same = await app.AssertStoresNothingAsync(() => app.StageAsync(url, ContestStages.Voting));
        await app.MoveToAsync(url, ContestStages.Closed);
        var afterClose = await app.AssertStoresNothingAsync(() => app.StageAsync(url, ContestStages.Final, Guid.NewGuid()));

        await back.AssertProblemAsync(HttpStatusCode.Conflict);
        await same.AssertProblemAsync(HttpStatusCode.Conflict);
        await afterClose.AssertProblemAsync(HttpStatusCode.Conflict);
        var events = await app.Store.ReadStreamAsync(DesignContest.StreamId("forward", "grilles"));
        Assert.Equal([ContestStages.Voting, ContestStages.Closed], events.Select(e => e.Data).OfType<ContestStageChanged>().Select(e => e.Stage));
        Assert.All(events, e => Assert.StartsWith("admin:", e.Metadata.Actor, StringComparison.Ordinal));
        var contest = await (await app.Anonymous().GetAsync(url)).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal(["submission", "voting", "closed"], contest.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("stage").GetString()));
    }

    [Fact]
    public async Task the_shortlist_and_final_name_approved_entries_of_the_previous_set_or_are_400()
    {
        var url = await app.DefineContestAsync("naming");
        var entries = await app.ApprovedEntriesAsync(url, 4);
        var pending = await app.SubmitAsync(url, "naming-pending", ContestFixtures.Png(40));
        await app.MoveToAsync(url, ContestStages.Voting);

        foreach (var bad in new[] { Array.Empty<Guid>(), [pending], [entries[0], Guid.NewGuid()], [entries[0], entries[0]] })
        {
            var response = await app.AssertStoresNothingAsync(() => app.StageAsync(url, ContestStages.Shortlist, bad));
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("entryIds", out _), problem.ToString());
        }
        await app.MoveToAsync(url, ContestStages.Shortlist, entries[0], entries[1], entries[2]);
        var notShortlisted = await app.AssertStoresNothingAsync(() => app.StageAsync(url, ContestStages.Final, entries[0], entries[3]));
        await notShortlisted.AssertProblemAsync(HttpStatusCode.BadRequest);
        await app.MoveToAsync(url, ContestStages.Final, entries[1]);

        var board = await app.LeaderboardAsync(url);
        Assert.Equal([entries[1]], board.Select(r => r.GetProperty("entryId").GetGuid()));
        Assert.Equal("final", board[0].GetProperty("stage").GetString());
        var stage = (ContestStageChanged)(await app.Store.ReadStreamAsync(DesignContest.StreamId("naming", "grilles"))).Last().Data;
        Assert.Equal([entries[1]], stage.EntryIds);
    }

    [Fact]
    public async Task scores_are_409_outside_the_voting_stages_and_for_entries_that_did_not_go_through()
    {
        var url = await app.DefineContestAsync("when");
        var entries = await app.ApprovedEntriesAsync(url, 2);
        var voter = app.AsParticipant("when-voter");

        var inSubmission = await app.AssertStoresNothingAsync(() => voter.ScoreAsync(url, entries[0], 4));
        await app.MoveToAsync(url, ContestStages.Voting);
        Assert.Equal(HttpStatusCode.Created, (await voter.ScoreAsync(url, entries[0], 4)).StatusCode);
        await app.MoveToAsync(url, ContestStages.Shortlist, entries[1]);
        var notShortlisted = await app.AssertStoresNothingAsync(() => voter.ScoreAsync(url, entries[0], 5));
        Assert.Equal(HttpStatusCode.Created, (await voter.ScoreAsync(url, entries[1], 5)).StatusCode);
        await app.MoveToAsync(url, ContestStages.Closed);
        var closed = await app.AssertStoresNothingAsync(() => voter.ScoreAsync(url, entries[1], 1));

        await inSubmission.AssertProblemAsync(HttpStatusCode.Conflict);
        await notShortlisted.AssertProblemAsync(HttpStatusCode.Conflict);
        await closed.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task a_pending_or_rejected_entry_cannot_be_scored_and_answers_404()
    {
        var url = await app.DefineContestAsync("hidden-score");
        var entries = await app.ApprovedEntriesAsync(url, 1);
        var pending = await app.SubmitAsync(url, "hidden-pending", ContestFixtures.Png(41));
        await app.MoveToAsync(url, ContestStages.Voting);
        await app.ModerateAsync(url, entries[0], "reject");

        await (await app.AssertStoresNothingAsync(() => app.AsParticipant("v").ScoreAsync(url, pending, 3))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await app.AssertStoresNothingAsync(() => app.AsParticipant("v").ScoreAsync(url, entries[0], 3))).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"score": 6}""")]
    [InlineData("""{"score": -1}""")]
    [InlineData("""{"score": 2.5}""")]
    [InlineData("""{"score": "4.5"}""")]
    [InlineData("""{"score": true}""")]
    [InlineData("""{}""")]
    public async Task a_score_that_is_not_a_whole_number_from_0_to_5_is_400(string body)
    {
        var url = await app.DefineContestAsync($"range-{Guid.NewGuid():N}");
        var entries = await app.ApprovedEntriesAsync(url, 1);
        await app.MoveToAsync(url, ContestStages.Voting);

        var response = await app.AssertStoresNothingAsync(() => app.AsParticipant("ranger").ScoreAsync(url, entries[0], body));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task a_new_score_replaces_the_persons_old_one_exactly_and_a_replay_is_200()
    {
        var url = await app.DefineContestAsync("replace");
        var entries = await app.ApprovedEntriesAsync(url, 1);
        await app.MoveToAsync(url, ContestStages.Voting);
        var person = app.AsParticipant("changer", "wechat");
        var samePersonOtherChannel = app.AsParticipant("changer", "livestream");
        var key = Guid.NewGuid().ToString();

        Assert.Equal(HttpStatusCode.Created, (await person.ScoreAsync(url, entries[0], """{"score": 1}""", key)).StatusCode);
        var replay = await app.AssertStoresNothingAsync(() => person.ScoreAsync(url, entries[0], """{"score": 1}""", key));
        var reused = await app.AssertStoresNothingAsync(() => person.ScoreAsync(url, entries[0], """{"score": 2}""", key));
        Assert.Equal(HttpStatusCode.Created, (await samePersonOtherChannel.ScoreAsync(url, entries[0], 5)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await app.AsParticipant("steady").ScoreAsync(url, entries[0], 3)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        await reused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        var row = Assert.Single(await app.LeaderboardAsync(url));
        Assert.Equal(2, row.GetProperty("votes").GetInt32());
        Assert.Equal(4.0, row.GetProperty("meanScore").GetDouble(), 1e-12);

        var participant = await app.Services.GetRequiredService<ParticipantDirectory>().ResolveAsync("changer", CancellationToken.None);
        var stream = await app.Store.ReadStreamAsync(DesignContest.ScoreStreamId("replace", "grilles", participant));
        Assert.Equal([1, 5], stream.Select(e => ((ContestEntryScored)e.Data).Score));
        Assert.All(stream, e => Assert.Equal($"participant:{participant:N}", e.Metadata.Actor));
    }
}
