using System.Security.Cryptography;
using System.Text;
using CoCreation.Api.Contest.Leaderboard;
using CoCreation.Api.Errors;
using CoCreation.Api.Identity;
using CoCreation.Api.Identity.Guests;
using CoCreation.Api.Infrastructure;
using CoCreation.Contest;
using CoCreation.EventStore;
using CoCreation.Participants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CoCreation.Api.Contest.ScoringEntry;

public sealed record ScoreEntryRequest(int? Score);

/// <summary>A stored score: the event's id and its position in the log.</summary>
public sealed record ScoreEntryResponse(Guid ScoreId, Guid EntryId, int Score, long Sequence);

public static class ScoreEntryEndpoint
{
    /// <summary>
    /// POST …/entries/{entryId}/score (participant) <c>{score: 0..5}</c> with an Idempotency-Key: 201 once committed, 200 on
    /// a replay. The person's new score of the entry replaces the old one. Checked against this node's board (the stage
    /// and the entry's place in it); the board applies the same rule in log order, so a score racing a stage change is
    /// never counted.
    /// </summary>
    public static async Task<Results<Created<ScoreEntryResponse>, Ok<ScoreEntryResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        string campaignId, string contestId, string entryId, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey,
        ScoreEntryRequest request, Actor actor, ContestBoard board, ParticipantDirectory participants, EventStore.EventStore store,
        CancellationToken cancellationToken)
    {
        if (IdempotencyKeys.Parse(idempotencyKey) is not { } key)
        {
            return IdempotencyKeys.Missing();
        }
        if (!ScoreEntry.IsValidScore(request.Score))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["score"] = [$"A whole score from {ScoreEntry.MinScore} to {ScoreEntry.MaxScore} is required."] },
                detail: "The score is not valid; see errors.");
        }
        if (board.State(campaignId, contestId) is not { } contest) return ContestProblems.NoContest(campaignId, contestId);
        if (!Guid.TryParse(entryId, out var id)) return ContestProblems.NoEntry(contestId, entryId);
        switch (ScoreEntry.Check(contest, id))
        {
            case ScoreRefusal.UnknownEntry:
                return ContestProblems.NoEntry(contestId, entryId);
            case ScoreRefusal.NotInStage:
                return Problems.Conflict($"The contest's {contest.Stage} stage does not take scores for this entry.");
        }

        if (await GuestAccess.RefuseAsync(actor, store, campaignId, contest.AllowGuests, $"contest '{contestId}'", cancellationToken) is { } refused)
        {
            return refused;
        }
        var participantId = await participants.ResolveAsync(actor, cancellationToken);
        var score = request.Score!.Value;
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{campaignId}/{contestId}/{id:D}\n{score}")));
        var result = await store.AppendAsync(
            DesignContest.ScoreStreamId(campaignId, contestId, participantId),
            [new ContestEntryScored(campaignId, contestId, id, participantId, score)],
            new AppendOptions
            {
                Expected = ExpectedVersion.Any,
                Idempotency = new IdempotencyKey($"contest-score:{participantId:N}:{key:D}", fingerprint),
                Actor = GuestAccess.ActorOf(actor, participantId),
                StreamType = "contest-score",
            },
            cancellationToken);
        var response = new ScoreEntryResponse(result.FirstEventId, id, score, result.FirstSequence);
        return result.Replayed ? TypedResults.Ok(response) : TypedResults.Created((string?)null, response);
    }
}
