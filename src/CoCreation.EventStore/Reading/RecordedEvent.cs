namespace CoCreation.EventStore;

/// <summary>An event as committed to the log.</summary>
/// <param name="Sequence">Global position in the log (the <c>seq_id</c>).</param>
/// <param name="Id">The event's id.</param>
/// <param name="StreamId">The stream it belongs to.</param>
/// <param name="Version">Its version within the stream, from 1.</param>
/// <param name="Type">The stored type name.</param>
/// <param name="Data">The deserialized event, or a <see cref="System.Text.Json.JsonElement"/> for unknown types.</param>
/// <param name="Timestamp">When it was appended.</param>
/// <param name="Metadata">Actor and causation metadata.</param>
public sealed record RecordedEvent(
    long Sequence,
    Guid Id,
    string StreamId,
    long Version,
    string Type,
    object Data,
    DateTimeOffset Timestamp,
    EventMetadata Metadata);

/// <summary>Who and what caused an event.</summary>
public sealed record EventMetadata(string? Actor, Guid? CorrelationId, Guid? CausationId)
{
    /// <summary>No metadata.</summary>
    public static EventMetadata None { get; } = new(null, null, null);
}
