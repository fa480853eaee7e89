using CoCreation.Suggestions;

namespace CoCreation.Api.Suggestions.Listing;

/// <summary>
/// A suggestion on the board. <see cref="Upvoters"/> are the people who upvoted it directly; <see cref="Reach"/>
/// counts, per person, the upvotes they gave to it and to every suggestion merged into it (directly or through
/// others), so a person who upvoted several of them counts once in <see cref="Upvotes"/>.
/// </summary>
internal sealed class BoardEntry(string campaignId, string questionId, Guid id, string text, DateTimeOffset createdAt, long sequence)
{
    public string CampaignId { get; } = campaignId;

    public string QuestionId { get; } = questionId;

    public Guid Id { get; } = id;

    public string Text { get; } = text;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public long Sequence { get; } = sequence;

    public string Status { get; set; } = SuggestionStatuses.Pending;

    public string? StatusBeforeMerge { get; set; }

    public BoardEntry? Parent { get; set; }

    public List<BoardEntry> Children { get; } = [];

    public HashSet<Guid> Upvoters { get; } = [];

    public Dictionary<Guid, int> Reach { get; } = [];

    public int Upvotes => Reach.Count;

    /// <summary>This entry and the ones it is merged into, up to the one that stands on its own.</summary>
    public IEnumerable<BoardEntry> SelfAndTargets()
    {
        for (var entry = this; entry is not null; entry = entry.Parent) yield return entry;
    }

    public void Reached(Guid person, int count)
    {
        var now = Reach.GetValueOrDefault(person) + count;
        if (now > 0) Reach[person] = now;
        else Reach.Remove(person);
    }

    public SuggestionItem ToItem() => new(Id, QuestionId, Text, Status, Upvotes, CreatedAt, Parent?.Id, Children.Count);

    /// <summary>Most upvotes first; among equals, the earlier suggestion.</summary>
    public static IComparer<BoardEntry> ByTop { get; } = Comparer<BoardEntry>.Create((x, y) =>
        y.Upvotes != x.Upvotes ? y.Upvotes.CompareTo(x.Upvotes) : x.Sequence.CompareTo(y.Sequence));

    /// <summary>The latest suggestion first.</summary>
    public static IComparer<BoardEntry> ByNew { get; } = Comparer<BoardEntry>.Create((x, y) => y.Sequence.CompareTo(x.Sequence));
}

/// <summary>A question's suggestions sorted both ways, per status: O(log n) to move one, O(offset + limit) to read a page.</summary>
internal sealed class QuestionBoard
{
    private readonly Dictionary<string, (SortedSet<BoardEntry> Top, SortedSet<BoardEntry> New)> _byStatus = new(StringComparer.Ordinal);

    public SortedSet<BoardEntry> Sorted(string status, string sort)
    {
        var sets = SetsOf(status);
        return sort == SuggestionSorts.New ? sets.New : sets.Top;
    }

    public void Insert(BoardEntry entry)
    {
        var (top, recent) = SetsOf(entry.Status);
        top.Add(entry);
        recent.Add(entry);
    }

    public void Remove(BoardEntry entry)
    {
        var (top, recent) = SetsOf(entry.Status);
        top.Remove(entry);
        recent.Remove(entry);
    }

    /// <summary>Changes what the top order depends on: out of the set before, back in after.</summary>
    public void Reorder(BoardEntry entry, Action change)
    {
        var top = SetsOf(entry.Status).Top;
        top.Remove(entry);
        change();
        top.Add(entry);
    }

    private (SortedSet<BoardEntry> Top, SortedSet<BoardEntry> New) SetsOf(string status)
    {
        if (!_byStatus.TryGetValue(status, out var sets))
        {
            _byStatus[status] = sets = (new SortedSet<BoardEntry>(BoardEntry.ByTop), new SortedSet<BoardEntry>(BoardEntry.ByNew));
        }
        return sets;
    }
}

/// <summary>The orders a list can be read in.</summary>
public static class SuggestionSorts
{
    public const string Top = "top";
    public const string New = "new";

    public static bool IsKnown(string? sort) => sort is Top or New;
}
