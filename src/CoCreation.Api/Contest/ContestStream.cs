using System.Collections.Concurrent;
using CoCreation.Api.Identity;
using CoCreation.Contest;
using CoCreation.EventStore;

namespace CoCreation.Api.Contest;

/// <summary>
/// Reading a contest's stream (its definition, stages, entries and moderation; a few thousand events at most, read
/// whole) and appending what a decision produced, expecting the version it decided on.
/// </summary>
internal static class ContestStream
{
    // Entries arrive concurrently with admin actions; a decision that lost the race to another node is taken again.
    private const int Attempts = 5;

    // One decision at a time per contest on this node: entries, moderation and stage changes all append to the contest's
    // stream, so concurrent ones would fail their expected version and decide again, and a burst of uploads ran out of
    // attempts (the load generator's contest scenario: 54 of 64 entries sent at once answered 409). Decisions on this
    // node now wait their turn; only writers on other nodes race, which the attempts cover. Keyed by schema and stream
    // (test hosts share a process); a gate per contest ever written, a few dozen.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    public static async Task<(DesignContest? State, long Version)> LoadAsync(EventStore.EventStore store, string campaignId, string contestId, CancellationToken cancellationToken)
    {
        var events = await store.ReadStreamAsync(DesignContest.StreamId(campaignId, contestId), cancellationToken: cancellationToken);
        return (DesignContest.Fold(events.Select(e => e.Data)), events.Count == 0 ? 0 : events[^1].Version);
    }

    /// <summary>Whether the contest was defined: one indexed lookup instead of reading its entries.</summary>
    public static async Task<bool> ExistsAsync(EventStore.EventStore store, string campaignId, string contestId, CancellationToken cancellationToken) =>
        Slug.IsValid(campaignId) && Slug.IsValid(contestId)
        && await store.ReadStreamVersionAsync(DesignContest.StreamId(campaignId, contestId), cancellationToken) is not null;

    /// <summary>
    /// Loads the contest, lets <paramref name="decide"/> choose the events, and appends them expecting the version read;
    /// when another node's writer got in between, reads and decides again (a few times, then the
    /// <see cref="ConcurrencyException"/> surfaces as 409); this node's decisions on one contest are taken one at a
    /// time. Returns the state decided on, the decider's outcome, the events and the append's result (null when there
    /// was nothing to append).
    /// </summary>
    public static async Task<Decided<T>> DecideAsync<T>(
        EventStore.EventStore store, string campaignId, string contestId, Func<DesignContest?, (T Outcome, IReadOnlyList<object> Events)> decide,
        Actor actor, IdempotencyKey? idempotency, CancellationToken cancellationToken)
    {
        var gate = Gates.GetOrAdd($"{store.Schema}/{DesignContest.StreamId(campaignId, contestId)}", static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await DecideAloneAsync(store, campaignId, contestId, decide, actor, idempotency, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task<Decided<T>> DecideAloneAsync<T>(
        EventStore.EventStore store, string campaignId, string contestId, Func<DesignContest?, (T Outcome, IReadOnlyList<object> Events)> decide,
        Actor actor, IdempotencyKey? idempotency, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (state, version) = await LoadAsync(store, campaignId, contestId, cancellationToken);
            var (outcome, events) = decide(state);
            if (events.Count == 0) return new Decided<T>(state, outcome, events, null);
            try
            {
                var result = await store.AppendAsync(DesignContest.StreamId(campaignId, contestId), events, new AppendOptions
                {
                    Expected = version == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(version),
                    Idempotency = idempotency,
                    Actor = actor.Value,
                    StreamType = "contest",
                }, cancellationToken);
                return new Decided<T>(state, outcome, events, result);
            }
            catch (ConcurrencyException) when (attempt < Attempts)
            {
                // Someone appended since the read; decide again on the fresh state.
            }
        }
    }

    public sealed record Decided<T>(DesignContest? State, T Outcome, IReadOnlyList<object> Events, AppendResult? Result)
    {
        public DesignContest? After => Events.Aggregate(State, DesignContest.Evolve);
    }
}
