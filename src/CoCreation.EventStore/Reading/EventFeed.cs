namespace CoCreation.EventStore;

/// <summary>A page of the log delivered by an <see cref="EventFeed"/>.</summary>
/// <param name="Events">Events in sequence order, none delivered before by this feed.</param>
/// <param name="Position">The feed's position after this page: every event at or below it has been delivered or is known never to exist.</param>
/// <param name="WaitingOnGap">True when the page stopped at a sequence number whose transaction may still commit.</param>
public sealed record EventPage(IReadOnlyList<RecordedEvent> Events, long Position, bool WaitingOnGap);

/// <summary>Gap-safe forward reader of the whole log. Not thread-safe: one reader per feed.</summary>
public sealed class EventFeed
{
    private readonly EventStore _store;

    internal EventFeed(EventStore store, long afterSequence)
    {
        _store = store;
        Position = afterSequence;
    }

    /// <summary>The last sequence delivered (or proven never to exist).</summary>
    public long Position { get; private set; }

    /// <summary>Reads up to <paramref name="maxCount"/> events after <see cref="Position"/> that are safe to deliver.</summary>
    public Task<EventPage> ReadNextAsync(int maxCount, CancellationToken cancellationToken = default)
    {
        _ = _store;
        throw new NotImplementedException("EventFeed is being written by the daemon work.");
    }
}
