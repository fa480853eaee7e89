namespace CoCreation.EventStore;

public sealed partial class EventStore
{
    /// <summary>
    /// Appends <paramref name="events"/> to <paramref name="streamId"/> through the group-commit writer:
    /// the call returns only after the shared transaction holding the events has committed.
    /// </summary>
    /// <exception cref="ConcurrencyException">The stream was not at the expected version.</exception>
    /// <exception cref="IdempotencyKeyReusedException">The idempotency key was used with another request.</exception>
    /// <exception cref="EventStoreBusyException">The append queue is full.</exception>
    /// <exception cref="EventStoreUnavailableException">PostgreSQL is unavailable.</exception>
    public Task<AppendResult> AppendAsync(string streamId, IReadOnlyList<object> events, AppendOptions? options = null, CancellationToken cancellationToken = default)
        => _writer.EnqueueAsync(Prepare(streamId, events, options), cancellationToken);

    /// <summary>
    /// Appends in a transaction of its own, bypassing the group-commit writer: one commit (and fsync)
    /// per call. Same guarantees and exceptions as <see cref="AppendAsync"/>, except it is never busy.
    /// </summary>
    public Task<AppendResult> AppendImmediateAsync(string streamId, IReadOnlyList<object> events, AppendOptions? options = null, CancellationToken cancellationToken = default)
        => _writer.CommitAloneAsync(Prepare(streamId, events, options), cancellationToken);

    private PendingAppend Prepare(string streamId, IReadOnlyList<object> events, AppendOptions? options)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0) throw new ArgumentException("An append needs at least one event.", nameof(events));
        options ??= AppendOptions.Default;
        if (options.Idempotency is { Key.Length: 0 }) throw new ArgumentException("An idempotency key cannot be empty.", nameof(options));

        var now = Time.GetUtcNow();
        var serialized = new SerializedEvent[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var data = events[i] ?? throw new ArgumentException("Events cannot be null.", nameof(events));
            serialized[i] = new SerializedEvent(Guid.CreateVersion7(now), Options.Events.NameOf(data.GetType()), Serialize(data));
        }
        return new PendingAppend(streamId, serialized, options);
    }
}
