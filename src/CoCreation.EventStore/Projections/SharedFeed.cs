namespace CoCreation.EventStore.Projections;

/// <summary>
/// One gap-safe reader of the log for every projection loop of a daemon. Each loop keeps its own position
/// through a <see cref="FeedSubscription"/>; the pages read at the head are kept in a bounded window that
/// every loop is served from, so PostgreSQL reads (and this node deserializes) each event once, not once
/// per projection.
/// </summary>
/// <remarks>
/// The window holds every event above <c>_floor</c> up to <c>_head</c>, the shared <see cref="EventFeed"/>'s
/// position: what that feed proved complete. A loop at or above the floor is served exactly what a feed of its
/// own would deliver. A loop below the floor (a replay, a restart from an older snapshot, one that fell behind
/// the window) reads on its own until it reaches the window again. A loop at the head makes the shared feed
/// read, unless the last read was not a full page, no notification came since it started and the poll interval
/// has not passed: then a read could only repeat the last one, and the loop is told to wait for the next
/// notification.
/// </remarks>
internal sealed class SharedFeed(EventStore store, ProjectionDaemonOptions options, Signal changes)
{
    private readonly SemaphoreSlim _reading = new(1, 1);
    private readonly Lock _gate = new();
    private readonly List<RecordedEvent> _window = [];
    private readonly int _capacity = Math.Max(4 * options.PageSize, 4096);

    // Written under both _reading and _gate; read under _gate.
    private EventFeed? _feed;
    private long _floor;
    private long _head;
    private Task? _changedBeforeLastRead;
    private long _lastReadAt;
    private bool _lastWaitingOnGap;
    private bool _lastReadFull;

    /// <summary>A reader of the log after <paramref name="position"/>, served from the shared window when it can be.</summary>
    public FeedSubscription Subscribe(long position) => new(this, store, position);

    /// <summary>
    /// Up to <paramref name="maxCount"/> events after <paramref name="position"/> from the window (reading the
    /// log when the caller is at the head and a read is due); null when <paramref name="position"/> is below
    /// the window, so the caller must read on its own.
    /// </summary>
    internal async Task<EventPage?> ReadAfterAsync(long position, int maxCount, CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_feed is not null && position < _floor) return null;
                if (_feed is not null && position < _head) return Slice(position, maxCount);
                if (_feed is not null && position == _head && !ReadIsDue()) return new EventPage([], position, _lastWaitingOnGap);
            }

            await _reading.WaitAsync(cancellationToken);
            try
            {
                lock (_gate)
                {
                    // Someone else read while this caller waited its turn: serve it from what they read.
                    if (_feed is not null && position < _head) continue;
                    if (_feed is null || position > _head)
                    {
                        // The first loop to read, or one that got ahead of a feed nobody drives any more (the others
                        // caught up on their own): the shared feed starts over from this proven position.
                        _feed = store.CreateFeed(position);
                        _window.Clear();
                        _floor = _head = position;
                        _changedBeforeLastRead = null;
                    }
                }
                var changed = changes.Next;
                var started = Environment.TickCount64;
                var page = await _feed!.ReadNextAsync(options.PageSize, cancellationToken);
                lock (_gate)
                {
                    _window.AddRange(page.Events);
                    _head = page.Position;
                    if (_window.Count > _capacity)
                    {
                        var evicted = _window.Count - _capacity;
                        _floor = _window[evicted - 1].Sequence;
                        _window.RemoveRange(0, evicted);
                    }
                    _changedBeforeLastRead = changed;
                    _lastReadAt = started;
                    _lastWaitingOnGap = page.WaitingOnGap;
                    _lastReadFull = page.Events.Count >= options.PageSize;
                }
            }
            finally
            {
                _reading.Release();
            }
        }
    }

    private bool ReadIsDue()
    {
        // A full page may have stopped short of events committed before it: a backlog (a bulk import, a restart) is
        // read page after page, not a page per notification or poll.
        if (_lastReadFull || _changedBeforeLastRead is null || _changedBeforeLastRead.IsCompleted) return true;
        // Half the interval: a loop's own timer, started just after the last read, must find the next read due.
        var interval = _lastWaitingOnGap ? options.GapPollInterval : options.IdlePollInterval;
        return Environment.TickCount64 - _lastReadAt >= interval.TotalMilliseconds / 2;
    }

    private EventPage Slice(long position, int maxCount)
    {
        var first = FirstAfter(position);
        var count = Math.Min(maxCount, _window.Count - first);
        var events = _window.GetRange(first, count);
        var toEnd = first + count == _window.Count;
        // Past the last event of the window the shared feed proved everything up to its head (holes that stay empty).
        return new EventPage(events, toEnd ? _head : events[^1].Sequence, toEnd && _lastWaitingOnGap);
    }

    private int FirstAfter(long position)
    {
        int low = 0, high = _window.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_window[middle].Sequence <= position) low = middle + 1;
            else high = middle;
        }
        return low;
    }
}

/// <summary>
/// One projection loop's position in the log: served from the daemon's <see cref="SharedFeed"/>, or, while it
/// is below the shared window, from a gap-safe feed of its own. Not thread-safe: one loop per subscription.
/// </summary>
internal sealed class FeedSubscription(SharedFeed shared, EventStore store, long position)
{
    private EventFeed? _own;

    /// <summary>The last sequence delivered (or proven never to exist).</summary>
    public long Position { get; private set; } = position;

    public async Task<EventPage> ReadNextAsync(int maxCount, CancellationToken cancellationToken)
    {
        var page = await shared.ReadAfterAsync(Position, maxCount, cancellationToken);
        if (page is null)
        {
            if (_own is null || _own.Position != Position) _own = store.CreateFeed(Position);
            page = await _own.ReadNextAsync(maxCount, cancellationToken);
        }
        else
        {
            _own = null;
        }
        Position = page.Position;
        return page;
    }
}
