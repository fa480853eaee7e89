namespace CoCreation.EventStore;

/// <summary>One event of a bulk import.</summary>
/// <param name="StreamId">The stream it goes to.</param>
/// <param name="Data">The event.</param>
/// <param name="IdempotencyKey">When set, an event whose key is already stored is skipped, so an import can be re-run.</param>
/// <param name="Actor">Who caused it.</param>
/// <param name="StreamType">The aggregate type recorded when the stream is created.</param>
/// <param name="Fingerprint">
/// Stored with the key, as <see cref="CoCreation.EventStore.IdempotencyKey.Fingerprint"/> is: give the one the live path gives the same
/// request, so a later append of it replays instead of being refused. When null, the fingerprint of this one event.
/// </param>
public sealed record BulkEvent(
    string StreamId, object Data, string? IdempotencyKey = null, string? Actor = null, string? StreamType = null, string? Fingerprint = null);

/// <summary>What a bulk import wrote.</summary>
/// <param name="Appended">Events written.</param>
/// <param name="Skipped">Events skipped because their idempotency key was already stored.</param>
/// <param name="LastSequence">The highest sequence written (0 when nothing was).</param>
public sealed record BulkAppendResult(long Appended, long Skipped, long LastSequence);
