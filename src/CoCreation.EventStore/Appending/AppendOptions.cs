namespace CoCreation.EventStore;

/// <summary>Everything about an append besides its events.</summary>
public sealed record AppendOptions
{
    /// <summary>The default: any version, no idempotency key, no metadata.</summary>
    public static AppendOptions Default { get; } = new();

    /// <summary>Optimistic concurrency expectation.</summary>
    public ExpectedVersion Expected { get; init; } = ExpectedVersion.Any;

    /// <summary>When set, a second append with the same key returns the first one's result and writes nothing.</summary>
    public IdempotencyKey? Idempotency { get; init; }

    /// <summary>Who caused the append (a OneID, "admin:…", "host:…"), kept in the event metadata.</summary>
    public string? Actor { get; init; }

    /// <summary>Correlation id of the request that caused the append.</summary>
    public Guid? CorrelationId { get; init; }

    /// <summary>Id of the message or event that caused the append.</summary>
    public Guid? CausationId { get; init; }

    /// <summary>The aggregate type recorded on the stream row when the stream is created.</summary>
    public string? StreamType { get; init; }
}

/// <summary>
/// An idempotency key and the fingerprint of the request it guards. Reusing a key with another
/// fingerprint raises <see cref="IdempotencyKeyReusedException"/>. When the fingerprint is null the
/// store fingerprints the serialized events.
/// </summary>
public sealed record IdempotencyKey(string Key, string? Fingerprint = null);

/// <summary>The outcome of an append.</summary>
/// <param name="StreamId">The stream appended to.</param>
/// <param name="StreamVersion">The stream's version after the append.</param>
/// <param name="FirstSequence">Global sequence of the first appended event.</param>
/// <param name="LastSequence">Global sequence of the last appended event.</param>
/// <param name="FirstEventId">Id of the first appended event.</param>
/// <param name="Replayed">True when the idempotency key had been seen and nothing new was written.</param>
public sealed record AppendResult(
    string StreamId,
    long StreamVersion,
    long FirstSequence,
    long LastSequence,
    Guid FirstEventId,
    bool Replayed);
