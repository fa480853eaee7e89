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
        => throw new NotImplementedException();

    /// <summary>Appends in a transaction of its own, bypassing the group-commit writer (one round of fsync per call).</summary>
    public Task<AppendResult> AppendImmediateAsync(string streamId, IReadOnlyList<object> events, AppendOptions? options = null, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();
}
