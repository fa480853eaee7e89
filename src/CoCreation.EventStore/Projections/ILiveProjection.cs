namespace CoCreation.EventStore.Projections;

/// <summary>
/// An in-memory projection that runs on every node, fed from the committed log, and serves reads from
/// its own state. A node starts from the latest snapshot of the same <see cref="Version"/> and generation
/// and replays the tail; only the leader writes snapshots.
/// </summary>
/// <remarks>
/// The daemon calls <see cref="Apply"/>, <see cref="CreateSnapshot"/>, <see cref="Restore"/> and
/// <see cref="Reset"/> from one loop, never concurrently with each other; readers (API requests) call the
/// projection's own query methods from other threads at the same time, so the state's thread-safety is
/// the projection's job (a lock, or immutable state swapped atomically). <see cref="Apply"/> must be
/// deterministic: every node must reach the same state from the same events.
/// </remarks>
public interface ILiveProjection
{
    /// <summary>Unique name; keys progress, leadership and snapshots (distinct from durable projections' names).</summary>
    string Name { get; }

    /// <summary>The shape of the state; a snapshot of another version is ignored and the log replayed.</summary>
    string Version { get; }

    /// <summary>Applies committed events, in sequence order, each exactly once.</summary>
    void Apply(IReadOnlyList<RecordedEvent> events);

    /// <summary>Serializes the state as of the last applied event.</summary>
    byte[] CreateSnapshot();

    /// <summary>Replaces the state with a snapshot created by <see cref="CreateSnapshot"/>.</summary>
    void Restore(byte[] snapshot);

    /// <summary>Returns to the empty state (before any event).</summary>
    void Reset();
}
