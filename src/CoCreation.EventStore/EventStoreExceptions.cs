namespace CoCreation.EventStore;

/// <summary>Base of every failure the store reports on purpose.</summary>
public abstract class EventStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected EventStoreException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>The stream's version was not the expected one; nothing was appended.</summary>
public sealed class ConcurrencyException(string streamId, ExpectedVersion expected, long actual)
    : EventStoreException($"Stream '{streamId}' is at version {actual}, expected {expected}.")
{
    /// <summary>The stream.</summary>
    public string StreamId { get; } = streamId;

    /// <summary>What the append expected.</summary>
    public ExpectedVersion Expected { get; } = expected;

    /// <summary>The stream's version when the append was checked.</summary>
    public long Actual { get; } = actual;
}

/// <summary>An idempotency key was reused with a different request; nothing was appended.</summary>
public sealed class IdempotencyKeyReusedException(string key)
    : EventStoreException($"Idempotency key '{key}' was already used with a different request.")
{
    /// <summary>The reused key.</summary>
    public string Key { get; } = key;
}

/// <summary>The append queue is full; the caller should retry after <see cref="RetryAfter"/>.</summary>
public sealed class EventStoreBusyException(TimeSpan retryAfter)
    : EventStoreException("The event store's append queue is full; try again shortly.")
{
    /// <summary>A reasonable time to wait before retrying.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>PostgreSQL could not be reached or failed transiently; nothing was acknowledged.</summary>
public sealed class EventStoreUnavailableException(string message, Exception? inner = null)
    : EventStoreException(message, inner)
{
    /// <summary>A reasonable time to wait before retrying.</summary>
    public TimeSpan RetryAfter { get; } = TimeSpan.FromSeconds(2);
}

/// <summary>PostgreSQL refused an event's data (for example text it cannot store); nothing was appended.</summary>
public sealed class InvalidEventException(string message, Exception? inner = null) : EventStoreException(message, inner);
