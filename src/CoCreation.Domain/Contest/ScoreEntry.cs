namespace CoCreation.Contest;

/// <summary>Why a score cannot be taken.</summary>
public enum ScoreRefusal
{
    /// <summary>The score is taken.</summary>
    None,

    /// <summary>No such entry, or one only admins can see (pending or rejected): 404.</summary>
    UnknownEntry,

    /// <summary>The stage does not allow scoring this entry (not a voting stage, or the entry did not go through): 409.</summary>
    NotInStage,
}

/// <summary>
/// Scoring an entry 0..5: one effective score per person per entry, while the stage allows it (voting: approved
/// entries; shortlist and final: the entries they named). The same rule decides on the write side and, in log
/// order, in the leaderboard, so a score that races a stage change is never counted.
/// </summary>
public static class ScoreEntry
{
    public const int MinScore = 0;
    public const int MaxScore = 5;

    public static bool IsValidScore(int? score) => score is >= MinScore and <= MaxScore;

    public static ScoreRefusal Check(DesignContest contest, Guid entryId)
    {
        ArgumentNullException.ThrowIfNull(contest);
        if (!contest.Entries.TryGetValue(entryId, out var entry) || entry.Status != EntryStatus.Approved) return ScoreRefusal.UnknownEntry;
        return ContestStages.AllowsScoring(contest.Stage) && contest.InCurrentSet(entry) ? ScoreRefusal.None : ScoreRefusal.NotInStage;
    }
}
