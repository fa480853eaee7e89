using CoCreation.Api.Suggestions.Listing;
using CoCreation.Api.Tests.Pricing.Statistics;
using CoCreation.Suggestions;
using CoCreation.Voting;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoCreation.Api.Tests.Suggestions;

/// <summary>The board on its own, fed recorded events directly: no host, no database.</summary>
public sealed class SuggestionBoardTests
{
    private const string Campaign = "launch";
    private readonly List<object> _log = [];
    private long _sequence;

    private static SuggestionBoard NewBoard() => new(NullLogger<SuggestionBoard>.Instance);

    private void Apply(SuggestionBoard board, params object[] events)
    {
        foreach (var e in events)
        {
            _log.Add(e);
            board.Apply([PriceScenario.Record(++_sequence, "s", e)]);
        }
    }

    private Guid Submit(SuggestionBoard board, string question = "q", bool approve = true)
    {
        var id = Guid.NewGuid();
        Apply(board, new SuggestionSubmitted(Campaign, question, id, Guid.NewGuid(), "app", $"Idea {id}"));
        if (approve) Apply(board, new SuggestionApproved(Campaign, id, null, "admin:t"));
        return id;
    }

    private void Upvote(SuggestionBoard board, Guid suggestion, params Guid[] people)
    {
        foreach (var person in people) Apply(board, new SuggestionUpvoted(Campaign, suggestion, person));
    }

    private static SuggestionItem Item(SuggestionBoard board, Guid id, string status = SuggestionStatuses.Approved) =>
        board.List(Campaign, "q", status, SuggestionSorts.New, 0, 200)!.Items.Single(i => i.SuggestionId == id);

    [Fact]
    public void a_merged_suggestions_upvoters_count_once_on_the_target()
    {
        var board = NewBoard();
        var (p1, p2, p3, p4) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var a = Submit(board);
        var b = Submit(board);
        Upvote(board, a, p1, p2);
        Upvote(board, b, p2, p3);

        Apply(board, new SuggestionMerged(Campaign, a, b, "admin:t"));
        Assert.Equal(3, Item(board, b).Upvotes);
        Assert.Equal((2, (Guid?)b), (Item(board, a, SuggestionStatuses.Merged).Upvotes, Item(board, a, SuggestionStatuses.Merged).MergedInto));
        Assert.Equal(1, Item(board, b).MergedCount);

        // Withdrawing one of two upvotes a person gave keeps them counted; withdrawing both does not.
        Apply(board, new SuggestionUpvoteWithdrawn(Campaign, b, p2));
        Assert.Equal(3, Item(board, b).Upvotes);
        Apply(board, new SuggestionUpvoteWithdrawn(Campaign, a, p2));
        Assert.Equal(2, Item(board, b).Upvotes);

        // A merge into b's own target carries a's upvoters along.
        var c = Submit(board);
        Upvote(board, c, p1, p4);
        Apply(board, new SuggestionMerged(Campaign, b, c, "admin:t"));
        Assert.Equal(3, Item(board, c).Upvotes);

        Apply(board, new SuggestionUnmerged(Campaign, b, c, "admin:t"));
        Assert.Equal((2, 2), (Item(board, c).Upvotes, Item(board, b).Upvotes));
        Apply(board, new SuggestionUnmerged(Campaign, a, b, "admin:t"));
        Assert.Equal((1, 1), (Item(board, b).Upvotes, Item(board, a).Upvotes));
    }

    [Fact]
    public void a_merge_that_would_make_a_cycle_or_cross_questions_is_ignored()
    {
        var board = NewBoard();
        var a = Submit(board);
        var b = Submit(board);
        var other = Submit(board, "other");
        Apply(board, new SuggestionMerged(Campaign, a, b, "admin:t"));
        Apply(board, new SuggestionMerged(Campaign, b, a, "admin:t"));
        Apply(board, new SuggestionMerged(Campaign, b, other, "admin:t"));
        Assert.Equal(SuggestionStatuses.Approved, Item(board, b).Status);
    }

    [Fact]
    public void top_orders_by_distinct_upvotes_then_age_and_new_by_age()
    {
        var board = NewBoard();
        var first = Submit(board);
        var second = Submit(board);
        var third = Submit(board);
        Submit(board, approve: false);
        Upvote(board, third, Guid.NewGuid(), Guid.NewGuid());
        Upvote(board, second, Guid.NewGuid());

        var top = board.List(Campaign, "q", SuggestionStatuses.Approved, SuggestionSorts.Top, 0, 10)!;
        Assert.Equal([third, second, first], top.Items.Select(i => i.SuggestionId));
        Assert.Equal(3, top.Total);
        var recent = board.List(Campaign, "q", SuggestionStatuses.Approved, SuggestionSorts.New, 1, 1)!;
        Assert.Equal([second], recent.Items.Select(i => i.SuggestionId));
        Assert.Equal(1, board.List(Campaign, "q", SuggestionStatuses.Pending, SuggestionSorts.New, 0, 10)!.Total);
        Assert.Equal(_sequence, top.AsOf.Sequence);
    }

    [Fact]
    public void thirty_thousand_suggestions_page_by_top_and_new_from_the_sorted_sets()
    {
        var board = NewBoard();
        var random = new Random(30);
        var upvotes = new Dictionary<Guid, int>();
        var events = new List<CoCreation.EventStore.RecordedEvent>();
        var ids = new List<Guid>();
        for (var i = 0; i < 30_000; i++)
        {
            var id = Guid.NewGuid();
            ids.Add(id);
            events.Add(PriceScenario.Record(++_sequence, "s", new SuggestionSubmitted(Campaign, "q", id, Guid.NewGuid(), "app", $"Idea {i}")));
            events.Add(PriceScenario.Record(++_sequence, "s", new SuggestionApproved(Campaign, id, null, "admin:t")));
            var count = random.Next(0, 4) == 0 ? random.Next(1, 20) : 0;
            for (var u = 0; u < count; u++) events.Add(PriceScenario.Record(++_sequence, "s", new SuggestionUpvoted(Campaign, id, Guid.NewGuid())));
            upvotes[id] = count;
        }
        board.Apply(events);

        var order = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var expectedTop = ids.OrderByDescending(id => upvotes[id]).ThenBy(id => order[id]).Skip(100).Take(50).ToList();
        var top = board.List(Campaign, "q", SuggestionStatuses.Approved, SuggestionSorts.Top, 100, 50)!;
        Assert.Equal(30_000, top.Total);
        Assert.Equal(expectedTop, top.Items.Select(i => i.SuggestionId));
        Assert.Equal(expectedTop.Select(id => upvotes[id]), top.Items.Select(i => i.Upvotes));
        var recent = board.List(Campaign, "q", SuggestionStatuses.Approved, SuggestionSorts.New, 0, 3)!;
        Assert.Equal(ids.TakeLast(3).Reverse(), recent.Items.Select(i => i.SuggestionId));
    }

    [Fact]
    public void a_defined_question_is_known_before_any_suggestion_and_an_unknown_one_is_not()
    {
        var board = NewBoard();
        Apply(board, new QuestionDefined(Campaign, "empty", "Q", QuestionKinds.Single, [new("a", "A"), new("b", "B")], null, null, null, null, "admin:t"));
        Assert.Equal(0, board.List(Campaign, "empty", SuggestionStatuses.Approved, SuggestionSorts.Top, 0, 10)!.Total);
        Assert.Null(board.List(Campaign, "nope", SuggestionStatuses.Approved, SuggestionSorts.Top, 0, 10));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void upvotes_equal_a_recount_of_distinct_people_over_merges_and_a_snapshot_equals_the_replay(int seed)
    {
        var random = new Random(seed);
        var board = NewBoard();
        var ids = Enumerable.Range(0, 60).Select(_ => Submit(board, approve: random.Next(4) > 0)).ToList();
        var people = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToArray();
        var parents = new Dictionary<Guid, Guid>();
        var upvoters = ids.ToDictionary(id => id, _ => new HashSet<Guid>());
        var approved = _log.OfType<SuggestionApproved>().Select(a => a.SuggestionId).ToHashSet();
        for (var step = 0; step < 2_000; step++)
        {
            var id = ids[random.Next(ids.Count)];
            var person = people[random.Next(people.Length)];
            switch (random.Next(10))
            {
                case < 6:
                    Apply(board, new SuggestionUpvoted(Campaign, id, person));
                    upvoters[id].Add(person);
                    break;
                case < 8:
                    Apply(board, new SuggestionUpvoteWithdrawn(Campaign, id, person));
                    upvoters[id].Remove(person);
                    break;
                case 8:
                    var into = ids[random.Next(ids.Count)];
                    if (parents.ContainsKey(id) || parents.ContainsKey(into) || into == id || !approved.Contains(into)) break;
                    if (Chain(parents, into).Contains(id)) break;
                    Apply(board, new SuggestionMerged(Campaign, id, into, "admin:t"));
                    parents[id] = into;
                    break;
                default:
                    if (!parents.Remove(id, out var target)) break;
                    Apply(board, new SuggestionUnmerged(Campaign, id, target, "admin:t"));
                    break;
            }
        }

        // The recount: a suggestion's upvotes are the distinct people who upvoted it or anything merged into it.
        var expected = ids.ToDictionary(id => id, id => ids.Where(other => Chain(parents, other).Contains(id)).SelectMany(other => upvoters[other]).Distinct().Count());
        var restored = NewBoard();
        restored.Restore(board.CreateSnapshot());
        foreach (var status in SuggestionStatuses.All)
        {
            foreach (var sort in new[] { SuggestionSorts.Top, SuggestionSorts.New })
            {
                var page = board.List(Campaign, "q", status, sort, 0, 200)!;
                Assert.All(page.Items, item => Assert.Equal(expected[item.SuggestionId], item.Upvotes));
                Assert.Equal(page.Items, restored.List(Campaign, "q", status, sort, 0, 200)!.Items);
                Assert.Equal(page.AsOf, restored.List(Campaign, "q", status, sort, 0, 200)!.AsOf);
                if (sort == SuggestionSorts.Top)
                {
                    Assert.Equal(page.Items.OrderByDescending(i => i.Upvotes).ThenBy(i => ids.IndexOf(i.SuggestionId)).Select(i => i.SuggestionId),
                        page.Items.Select(i => i.SuggestionId));
                }
            }
        }
        Assert.Equal(ids.Count, SuggestionStatuses.All.Sum(s => board.List(Campaign, "q", s, SuggestionSorts.New, 0, 200)!.Total));
    }

    private static List<Guid> Chain(Dictionary<Guid, Guid> parents, Guid id)
    {
        var chain = new List<Guid> { id };
        while (parents.TryGetValue(chain[^1], out var parent)) chain.Add(parent);
        return chain;
    }
}
