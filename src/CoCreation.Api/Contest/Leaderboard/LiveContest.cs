using CoCreation.Api.Infrastructure;
using CoCreation.Contest;
using CoCreation.Contest.Scoring;

namespace CoCreation.Api.Contest.Leaderboard;

/// <summary>
/// One contest in <see cref="ContestBoard"/>: its state by the same fold as its stream, the stage history of the
/// contest and of each entry, every person's current scores, and the leaderboard cached until the next change.
/// Every member takes the contest's lock: the daemon's loop writes while API requests read.
/// </summary>
internal sealed partial class LiveContest
{
    private readonly Lock _lock = new();
    private readonly ContestScores _scores = new();
    private readonly List<StageMark> _stages = [];
    private readonly Dictionary<Guid, List<StageMark>> _history = [];

    // The contest's own events (not the scores), kept for snapshots: few, and replaying them rebuilds everything else.
    private readonly List<(object Data, StatsAsOf AsOf)> _events = [];
    private DesignContest _state;
    private StatsAsOf _asOf;
    private long _changes;
    private (long Changes, double? Weight, IReadOnlyList<LeaderboardEntry> Rows)? _board;

    public LiveContest(ContestDefined defined, StatsAsOf asOf)
    {
        _state = DesignContest.Create(defined);
        _asOf = asOf;
        _events.Add((defined, asOf));
        _stages.Add(new StageMark(ContestStages.Submission, asOf.Timestamp));
    }

    public DesignContest State
    {
        get
        {
            lock (_lock) return _state;
        }
    }

    /// <summary>The sequence of the last event the contest took (an ignored score moves nothing), without ranking.</summary>
    public long Sequence
    {
        get
        {
            lock (_lock) return _asOf.Sequence;
        }
    }

    /// <summary>Applies one of the contest's events after its definition; false when it was ignored (a score the stage did not allow).</summary>
    public bool Apply(object data, StatsAsOf asOf)
    {
        lock (_lock)
        {
            if (data is ContestEntryScored score)
            {
                if (ScoreEntry.Check(_state, score.EntryId) != ScoreRefusal.None) return false;
                _scores.Set(score.EntryId, score.ParticipantId, score.Score);
            }
            else
            {
                var after = DesignContest.Evolve(_state, data)!;
                Mark(data, asOf.Timestamp, after);
                _state = after;
                _events.Add((data, asOf));
            }
            _asOf = asOf;
            _changes++;
            return true;
        }
    }

    public ContestResponse Describe()
    {
        lock (_lock)
        {
            var s = _state;
            return new ContestResponse(s.ContestId, s.CampaignId, s.Title, s.Description, s.Stage, [.. _stages],
                s.Entries.Values.Count(e => e.Status == EntryStatus.Approved), s.AllowGuests);
        }
    }

    public (ContestEntry Entry, IReadOnlyList<StageMark> History)? Entry(Guid entryId)
    {
        lock (_lock)
        {
            return _state.Entries.TryGetValue(entryId, out var entry) ? (entry, [.. _history[entryId]]) : null;
        }
    }

    /// <summary>The current stage set ranked (see <see cref="ContestScores.Rank"/>), computed once per change.</summary>
    public IReadOnlyList<LeaderboardEntry> Leaderboard(double? priorWeight) => Board(priorWeight).Rows;

    /// <summary>The leaderboard and the event it is as of, read together so a push never labels older rows with a newer sequence.</summary>
    public (IReadOnlyList<LeaderboardEntry> Rows, StatsAsOf AsOf) Board(double? priorWeight)
    {
        lock (_lock) return (Rank(priorWeight), _asOf);
    }

    /// <summary>Under the lock.</summary>
    private IReadOnlyList<LeaderboardEntry> Rank(double? priorWeight)
    {
        if (_board is { } cached && cached.Changes == _changes && cached.Weight == priorWeight) return cached.Rows;
        var set = _state.CurrentSet().ToList();
        var ranked = _scores.Rank([.. set.Select(e => e.EntryId)], priorWeight);
        IReadOnlyList<LeaderboardEntry> rows = [.. ranked.Select(r => new LeaderboardEntry(
            r.EntryId, _state.Entries[r.EntryId].Title, StageReached(_history[r.EntryId]), r.Votes, r.MeanScore, r.AdjustedScore, r.Rank))];
        _board = (_changes, priorWeight, rows);
        return rows;
    }

    /// <summary>Every entry with its history and votes, and its row when it is on the leaderboard, in submission order.</summary>
    public IReadOnlyList<(ContestEntry Entry, IReadOnlyList<StageMark> History, string Stage, int Votes, double? Mean, LeaderboardEntry? Row)> Export(double? priorWeight)
    {
        var board = Leaderboard(priorWeight).ToDictionary(r => r.EntryId);
        lock (_lock)
        {
            return [.. _history
                .OrderBy(h => h.Value[0].At).ThenBy(h => h.Key.ToString(), StringComparer.Ordinal)
                .Select(h =>
                {
                    var (votes, mean) = _scores.Of(h.Key);
                    return (_state.Entries[h.Key], (IReadOnlyList<StageMark>)[.. h.Value], StageReached(h.Value), votes, mean, board.GetValueOrDefault(h.Key));
                })];
        }
    }

    /// <summary>The furthest stage an entry took part in, from its history; submission before any.</summary>
    public static string StageReached(IReadOnlyList<StageMark> history) =>
        history.LastOrDefault(m => ContestStages.AllowsScoring(m.Stage))?.Stage ?? ContestStages.Submission;

    private void Mark(object data, DateTimeOffset at, DesignContest after)
    {
        switch (data)
        {
            case ContestEntrySubmitted e:
                _history[e.EntryId] = [new StageMark("submitted", at)];
                break;
            case ContestEntryModerated e when _history.TryGetValue(e.EntryId, out var marks):
                marks.Add(new StageMark(e.Decision, at));
                // An entry approved while voting runs joins the voting from then on.
                if (e.Decision == EntryStatus.Approved && after.Stage == ContestStages.Voting && !marks.Any(m => m.Stage == ContestStages.Voting))
                {
                    marks.Add(new StageMark(ContestStages.Voting, at));
                }
                break;
            case ContestStageChanged e:
                _stages.Add(new StageMark(e.Stage, at));
                if (ContestStages.AllowsScoring(e.Stage))
                {
                    foreach (var entry in after.CurrentSet()) _history[entry.EntryId].Add(new StageMark(e.Stage, at));
                }
                break;
        }
    }
}
