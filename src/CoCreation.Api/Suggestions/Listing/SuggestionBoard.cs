using CoCreation.Api.Pricing.Statistics;
using CoCreation.EventStore;
using CoCreation.EventStore.Projections;
using CoCreation.Suggestions;
using CoCreation.Voting;

namespace CoCreation.Api.Suggestions.Listing;

/// <summary>
/// The suggestions of every question, on every node, from the committed log: each question's suggestions sorted
/// by top and by new per status, with upvotes as distinct people over merges. A page costs O(offset + limit)
/// whatever the number of suggestions, and an upvote O(log n) per suggestion it counts on; nothing scans the log.
/// </summary>
/// <remarks>
/// An event the board cannot apply (a merge that would make a cycle, which only racing admins could append; a
/// change to an unknown suggestion) is logged and ignored, never thrown, so every node steps over it alike.
/// One lock guards the board: the daemon's loop writes while API requests read pages.
/// </remarks>
public sealed partial class SuggestionBoard(ILogger<SuggestionBoard> logger) : ILiveProjection
{
    public const string ProjectionName = "suggestion-board";

    private readonly Lock _lock = new();
    private Dictionary<(string CampaignId, string QuestionId), QuestionBoard> _questions = [];
    private Dictionary<(string CampaignId, Guid Id), BoardEntry> _entries = [];
    private StatsAsOf _asOf = new(0, DateTimeOffset.UnixEpoch);

    public string Name => ProjectionName;

    public string Version => "1";

    /// <summary>A page of a question's suggestions; null when the question is unknown.</summary>
    public SuggestionPage? List(string campaignId, string questionId, string status, string sort, int offset, int limit)
    {
        lock (_lock)
        {
            if (!_questions.TryGetValue((campaignId, questionId), out var board)) return null;
            var sorted = board.Sorted(status, sort);
            return new SuggestionPage(questionId, status, sort, sorted.Count, offset, limit, _asOf,
                [.. sorted.Skip(offset).Take(limit).Select(e => e.ToItem())]);
        }
    }

    public void Apply(IReadOnlyList<RecordedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        lock (_lock)
        {
            foreach (var e in events)
            {
                if (Apply(e) is { } problem)
                {
                    logger.LogError("The suggestion board ignores event {Sequence}: {Problem}", e.Sequence, problem);
                }
            }
        }
    }

    private string? Apply(RecordedEvent e)
    {
        switch (e.Data)
        {
            case QuestionDefined d:
                BoardOf(d.CampaignId, d.QuestionId);
                break;
            case SuggestionSubmitted s:
                if (_entries.ContainsKey((s.CampaignId, s.SuggestionId))) return "the suggestion exists already";
                var entry = new BoardEntry(s.CampaignId, s.QuestionId, s.SuggestionId, s.Text, e.Timestamp, e.Sequence);
                _entries[(s.CampaignId, s.SuggestionId)] = entry;
                BoardOf(s.CampaignId, s.QuestionId).Insert(entry);
                break;
            case SuggestionApproved a:
                return Moderate(a.CampaignId, a.SuggestionId, SuggestionStatuses.Approved);
            case SuggestionRejected r:
                return Moderate(r.CampaignId, r.SuggestionId, SuggestionStatuses.Rejected);
            case SuggestionMerged m:
                return Merge(m);
            case SuggestionUnmerged u:
                return Unmerge(u);
            case SuggestionUpvoted up:
                return Upvote(up.CampaignId, up.SuggestionId, up.ParticipantId, +1);
            case SuggestionUpvoteWithdrawn w:
                return Upvote(w.CampaignId, w.SuggestionId, w.ParticipantId, -1);
            default:
                return null;
        }
        _asOf = new StatsAsOf(e.Sequence, e.Timestamp);
        return null;

        string? Moderate(string campaignId, Guid id, string status)
        {
            if (!_entries.TryGetValue((campaignId, id), out var entry)) return $"no suggestion {id}";
            if (entry.Parent is not null) return $"suggestion {id} is merged";
            var board = BoardOf(campaignId, entry.QuestionId);
            board.Remove(entry);
            entry.Status = status;
            board.Insert(entry);
            _asOf = new StatsAsOf(e.Sequence, e.Timestamp);
            return null;
        }

        string? Merge(SuggestionMerged m)
        {
            if (!_entries.TryGetValue((m.CampaignId, m.SuggestionId), out var source)) return $"no suggestion {m.SuggestionId}";
            if (!_entries.TryGetValue((m.CampaignId, m.IntoSuggestionId), out var target)) return $"no suggestion {m.IntoSuggestionId}";
            if (source.Parent is not null) return $"suggestion {source.Id} is merged already";
            if (source.QuestionId != target.QuestionId) return "the suggestions belong to different questions";
            if (target.SelfAndTargets().Contains(source)) return "the merge would make a cycle";
            var board = BoardOf(m.CampaignId, source.QuestionId);
            board.Remove(source);
            (source.StatusBeforeMerge, source.Status, source.Parent) = (source.Status, SuggestionStatuses.Merged, target);
            board.Insert(source);
            target.Children.Add(source);
            Spread(board, target, source.Reach, +1);
            _asOf = new StatsAsOf(e.Sequence, e.Timestamp);
            return null;
        }

        string? Unmerge(SuggestionUnmerged u)
        {
            if (!_entries.TryGetValue((u.CampaignId, u.SuggestionId), out var source) || source.Parent is not { } target) return $"suggestion {u.SuggestionId} is not merged";
            var board = BoardOf(u.CampaignId, source.QuestionId);
            Spread(board, target, source.Reach, -1);
            target.Children.Remove(source);
            board.Remove(source);
            (source.Status, source.StatusBeforeMerge, source.Parent) = (source.StatusBeforeMerge ?? SuggestionStatuses.Approved, null, null);
            board.Insert(source);
            _asOf = new StatsAsOf(e.Sequence, e.Timestamp);
            return null;
        }

        string? Upvote(string campaignId, Guid id, Guid person, int count)
        {
            if (!_entries.TryGetValue((campaignId, id), out var entry)) return $"no suggestion {id}";
            if (count > 0 ? entry.Upvoters.Add(person) : entry.Upvoters.Remove(person))
            {
                Spread(BoardOf(campaignId, entry.QuestionId), entry, new Dictionary<Guid, int> { [person] = 1 }, count);
            }
            _asOf = new StatsAsOf(e.Sequence, e.Timestamp);
            return null;
        }
    }

    /// <summary>Adds (or takes away) <paramref name="reach"/> on <paramref name="entry"/> and every suggestion it is merged into.</summary>
    private static void Spread(QuestionBoard board, BoardEntry entry, IReadOnlyDictionary<Guid, int> reach, int sign)
    {
        var people = reach.ToList();
        foreach (var target in entry.SelfAndTargets().ToList())
        {
            board.Reorder(target, () =>
            {
                foreach (var (person, count) in people) target.Reached(person, sign * count);
            });
        }
    }

    private QuestionBoard BoardOf(string campaignId, string questionId)
    {
        if (!_questions.TryGetValue((campaignId, questionId), out var board)) _questions[(campaignId, questionId)] = board = new QuestionBoard();
        return board;
    }

    public void Reset()
    {
        lock (_lock)
        {
            _questions = [];
            _entries = [];
            _asOf = new StatsAsOf(0, DateTimeOffset.UnixEpoch);
        }
    }
}
