using System.Collections.Concurrent;
using CoCreation.Api.Infrastructure;
using CoCreation.Contest;
using CoCreation.EventStore;
using CoCreation.EventStore.Projections;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Contest.Leaderboard;

/// <summary>
/// Every design contest, live on every node from the committed log: its state and stage history, its entries, every
/// person's current score of each entry and the rater-adjusted leaderboard (cached until the contest's next event).
/// The reads of contests, entries, the leaderboard and the export come from here, never from the log.
/// </summary>
/// <remarks>
/// A score is counted only if the rule of <see cref="ScoreEntry.Check"/> allows it at its place in the log, so a
/// score that raced a stage change or a rejection is ignored on every node alike. Memory: one small record per entry
/// and one byte-sized score per (person, entry) pair plus per-rater sums.
/// </remarks>
public sealed class ContestBoard(IOptions<EventStoreOptions> storeOptions, IOptions<ContestOptions> options, ILogger<ContestBoard> logger) : ILiveProjection
{
    public const string ProjectionName = "contest-board";

    /// <summary>Version 2 of the snapshot format (1 had no sequences), see <see cref="CreateSnapshot"/>.</summary>
    private const byte SnapshotFormat = 2;

    private volatile ConcurrentDictionary<(string CampaignId, string ContestId), LiveContest> _contests = new();

    public string Name => ProjectionName;

    public string Version => "2";

    /// <summary>The contest's state (as of this node's position in the log), or null when there is no such contest.</summary>
    public DesignContest? State(string campaignId, string contestId) => Find(campaignId, contestId)?.State;

    public ContestResponse? Describe(string campaignId, string contestId) => Find(campaignId, contestId)?.Describe();

    /// <summary>An entry with its history, whatever its status (the endpoints decide who may see it).</summary>
    public (ContestEntry Entry, IReadOnlyList<StageMark> History)? Entry(string campaignId, string contestId, Guid entryId) =>
        Find(campaignId, contestId)?.Entry(entryId);

    public IReadOnlyList<LeaderboardEntry>? Leaderboard(string campaignId, string contestId) =>
        Find(campaignId, contestId)?.Leaderboard(options.Value.PriorWeight);

    /// <summary>The leaderboard with the sequence and time of the contest's last event it includes; null when there is no such contest.</summary>
    public (IReadOnlyList<LeaderboardEntry> Rows, StatsAsOf AsOf)? Board(string campaignId, string contestId) =>
        Find(campaignId, contestId)?.Board(options.Value.PriorWeight);

    /// <summary>The campaign's contests and the sequence of the last event each one's leaderboard includes; nothing ranked.</summary>
    public IEnumerable<(string ContestId, long Sequence)> ContestsOf(string campaignId) =>
        _contests.Where(kv => kv.Key.CampaignId == campaignId).Select(kv => (kv.Key.ContestId, kv.Value.Sequence));

    public IReadOnlyList<(ContestEntry Entry, IReadOnlyList<StageMark> History, string Stage, int Votes, double? Mean, LeaderboardEntry? Row)>? Export(
        string campaignId, string contestId) =>
        Find(campaignId, contestId)?.Export(options.Value.PriorWeight);

    public void Apply(IReadOnlyList<RecordedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var contests = _contests;
        foreach (var e in events)
        {
            var (campaignId, contestId) = e.Data switch
            {
                ContestDefined d => (d.CampaignId, d.ContestId),
                ContestUpdated u => (u.CampaignId, u.ContestId),
                ContestStageChanged s => (s.CampaignId, s.ContestId),
                ContestEntrySubmitted s => (s.CampaignId, s.ContestId),
                ContestEntryModerated m => (m.CampaignId, m.ContestId),
                ContestEntryScored s => (s.CampaignId, s.ContestId),
                _ => (null, null),
            };
            if (campaignId is null || contestId is null) continue;

            if (e.Data is ContestDefined defined)
            {
                if (!contests.TryAdd((campaignId, contestId), new LiveContest(defined, new StatsAsOf(e.Sequence, e.Timestamp))))
                {
                    logger.LogError("The contest board ignores a second definition of {Campaign}/{Contest} at {Sequence}", campaignId, contestId, e.Sequence);
                }
            }
            else if (!contests.TryGetValue((campaignId, contestId), out var contest))
            {
                logger.LogError("The contest board ignores event {Sequence}: no contest {Campaign}/{Contest} was defined", e.Sequence, campaignId, contestId);
            }
            else if (!contest.Apply(e.Data, new StatsAsOf(e.Sequence, e.Timestamp)))
            {
                logger.LogInformation("The contest board ignores score {Sequence}: the stage of {Campaign}/{Contest} no longer took it", e.Sequence, campaignId, contestId);
            }
        }
    }

    /// <summary>Format 2: a format byte, the contest count, then per contest its own events, its scores and its last sequence (see <see cref="LiveContest.WriteTo"/>).</summary>
    public byte[] CreateSnapshot()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            var contests = _contests.Values.ToList();
            writer.Write(SnapshotFormat);
            writer.Write(contests.Count);
            foreach (var contest in contests) contest.WriteTo(writer, storeOptions.Value);
        }
        return buffer.ToArray();
    }

    public void Restore(byte[] snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        using var reader = new BinaryReader(new MemoryStream(snapshot));
        var format = reader.ReadByte();
        if (format != SnapshotFormat) throw new InvalidDataException($"Unknown contest board snapshot format {format}.");
        var count = reader.ReadInt32();
        var contests = new ConcurrentDictionary<(string, string), LiveContest>();
        for (var i = 0; i < count; i++)
        {
            var contest = LiveContest.ReadFrom(reader, storeOptions.Value);
            var state = contest.State;
            contests[(state.CampaignId, state.ContestId)] = contest;
        }
        _contests = contests;
    }

    public void Reset() => _contests = new();

    private LiveContest? Find(string campaignId, string contestId) =>
        _contests.TryGetValue((campaignId, contestId), out var contest) ? contest : null;
}
