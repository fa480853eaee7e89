using System.Text.Json;
using CoCreation.Api.Contest;
using CoCreation.Api.Contest.Leaderboard;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Contest;
using CoCreation.EventStore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Tests.Contest;

public sealed class ContestBoardSnapshotTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    [Fact]
    public async Task a_board_restored_from_a_snapshot_reads_exactly_like_the_one_that_made_it()
    {
        var url = await app.DefineContestAsync("snapshot");
        var entries = await app.ApprovedEntriesAsync(url, 3);
        var rejected = await app.SubmitAsync(url, "snapshot-rejected", ContestFixtures.Png(30));
        await app.ModerateAsync(url, rejected, "reject");
        await app.MoveToAsync(url, ContestStages.Voting);
        for (var i = 0; i < 8; i++)
        {
            var voter = app.AsParticipant($"snapshot-voter-{i}");
            foreach (var (entry, n) in entries.Select((e, n) => (e, n))) await voter.ScoreAsync(url, entry, (i + n) % 6);
        }
        await app.AsParticipant("snapshot-voter-0").ScoreAsync(url, entries[0], 5);
        await app.MoveToAsync(url, ContestStages.Shortlist, entries[0], entries[2]);
        await app.SettleAsync();
        var live = app.Services.GetRequiredService<ContestBoard>();

        var restored = new ContestBoard(app.Services.GetRequiredService<IOptions<EventStoreOptions>>(),
            Options.Create(new ContestOptions()), NullLogger<ContestBoard>.Instance);
        restored.Restore(live.CreateSnapshot());

        string Json(object? value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
        Assert.Equal(Json(live.Describe("snapshot", "grilles")), Json(restored.Describe("snapshot", "grilles")));
        Assert.Equal(Json(live.Leaderboard("snapshot", "grilles")), Json(restored.Leaderboard("snapshot", "grilles")));
        foreach (var id in entries.Append(rejected))
        {
            Assert.Equal(Json(live.Entry("snapshot", "grilles", id)?.History), Json(restored.Entry("snapshot", "grilles", id)?.History));
            Assert.Equal(live.Entry("snapshot", "grilles", id)?.Entry, restored.Entry("snapshot", "grilles", id)?.Entry);
        }
        Assert.Equal(Json(live.Export("snapshot", "grilles")!.Select(r => new { r.Entry.EntryId, r.Stage, r.Votes, r.Mean, r.Row })),
            Json(restored.Export("snapshot", "grilles")!.Select(r => new { r.Entry.EntryId, r.Stage, r.Votes, r.Mean, r.Row })));
        Assert.Equal(2, restored.Leaderboard("snapshot", "grilles")!.Count);
        Assert.Equal(live.Board("snapshot", "grilles")!.Value.AsOf, restored.Board("snapshot", "grilles")!.Value.AsOf);
        Assert.Equal(live.ContestsOf("snapshot"), restored.ContestsOf("snapshot"));
    }
}
