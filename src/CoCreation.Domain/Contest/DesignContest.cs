using System.Collections.Immutable;

namespace CoCreation.Contest;

/// <summary>An entry as the contest's stream tells it.</summary>
public sealed record ContestEntry(
    Guid EntryId, Guid ParticipantId, string Title, string? Description,
    string ImageSha256, string ContentType, long ImageBytes, int Width, int Height, string Status);

/// <summary>
/// A design contest as its stream tells it: its stage, the entries the current stage carries when the stage names
/// them (<see cref="StageSet"/>; null while every approved entry takes part), and its entries with their status.
/// </summary>
public sealed record DesignContest(
    string CampaignId, string ContestId, string Title, string? Description, string Stage,
    ImmutableHashSet<Guid>? StageSet, ImmutableDictionary<Guid, ContestEntry> Entries, bool AllowGuests = false)
{
    public static string StreamId(string campaignId, string contestId) => $"contest/{campaignId}/{contestId}";

    public static string ScoreStreamId(string campaignId, string contestId, Guid participantId) =>
        $"contest-score/{campaignId}/{contestId}/{participantId:N}";

    /// <summary>Whether the entry takes part in the current stage: approved, and named by it when the stage names entries.</summary>
    public bool InCurrentSet(ContestEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Status == EntryStatus.Approved && (StageSet is null || StageSet.Contains(entry.EntryId));
    }

    /// <summary>The entries taking part in the current stage, in id order.</summary>
    public IEnumerable<ContestEntry> CurrentSet() =>
        Entries.Values.Where(InCurrentSet).OrderBy(e => e.EntryId.ToString(), StringComparer.Ordinal);

    public static DesignContest Create(ContestDefined e) =>
        new(e.CampaignId, e.ContestId, e.Title, e.Description, ContestStages.Submission, null, ImmutableDictionary<Guid, ContestEntry>.Empty, e.AllowGuests);

    public DesignContest Apply(ContestUpdated e) => this with { Title = e.Title, Description = e.Description, AllowGuests = e.AllowGuests };

    /// <summary>Shortlist and final carry the named entries; closed keeps the last named set; voting carries every approved entry.</summary>
    public DesignContest Apply(ContestStageChanged e) => this with
    {
        Stage = e.Stage,
        StageSet = ContestStages.NamesEntries(e.Stage) ? [.. e.EntryIds] : e.Stage == ContestStages.Closed ? StageSet : null,
    };

    public DesignContest Apply(ContestEntrySubmitted e) => this with
    {
        Entries = Entries.SetItem(e.EntryId, new ContestEntry(
            e.EntryId, e.ParticipantId, e.Title, e.Description, e.ImageSha256, e.ContentType, e.ImageBytes, e.Width, e.Height, EntryStatus.Pending)),
    };

    public DesignContest Apply(ContestEntryModerated e) =>
        Entries.TryGetValue(e.EntryId, out var entry) ? this with { Entries = Entries.SetItem(e.EntryId, entry with { Status = e.Decision }) } : this;

    /// <summary>One step of the fold; events this state does not know (scores among them) leave it unchanged.</summary>
    public static DesignContest? Evolve(DesignContest? state, object @event) => (state, @event) switch
    {
        (null, ContestDefined e) => Create(e),
        ({ } contest, ContestUpdated e) => contest.Apply(e),
        ({ } contest, ContestStageChanged e) => contest.Apply(e),
        ({ } contest, ContestEntrySubmitted e) => contest.Apply(e),
        ({ } contest, ContestEntryModerated e) => contest.Apply(e),
        _ => state,
    };

    public static DesignContest? Fold(IEnumerable<object> events) => events.Aggregate((DesignContest?)null, Evolve);
}
