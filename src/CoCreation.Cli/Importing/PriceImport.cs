using CoCreation.EventStore;
using CoCreation.Participants;
using CoCreation.Pricing;

namespace CoCreation.Cli.Importing;

/// <summary>What one chunk did: events stored, rows already stored (same key and answer), rows refused (key reused with another answer).</summary>
internal sealed record ChunkOutcome(long Stored, long AlreadyImported, IReadOnlyList<RowError> KeyReused);

/// <summary>
/// Stores valid rows chunk by chunk, each row exactly as the API stores a person's own or a batch submission: the
/// same participant id, stream, event, idempotency key and fingerprint. So re-running a file, or importing rows
/// that also came through HTTP, never counts a person's answer twice.
/// </summary>
/// <summary>A chunk's rows and the events they become, participant ids resolved.</summary>
internal sealed record PreparedChunk(IReadOnlyList<PriceRow> Rows, IReadOnlyList<BulkEvent> Events);

internal sealed class PriceImport(EventStore.EventStore store, ParticipantDirectory participants, PricingItem item, string actor)
{
    /// <summary>
    /// Resolves the chunk's OneIDs in one round trip and builds its events; a person answering twice in the chunk gets
    /// both events on their stream in file order, so the later one is current. Safe to run while the previous chunk
    /// is being written: the directory's rows are its own, and the chunks' events are written in order.
    /// </summary>
    public async Task<PreparedChunk> PrepareAsync(IReadOnlyList<PriceRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return new PreparedChunk(rows, []);
        var ids = await participants.ResolveManyAsync([.. rows.Select(r => r.OneId)], cancellationToken);
        return new PreparedChunk(rows, [.. rows.Select(row =>
        {
            var participantId = ids[row.OneId];
            return new BulkEvent(
                PricingItem.SubmissionStreamId(item.CampaignId, item.ItemId, participantId),
                SubmitPrice.Record(item, participantId, row.Channel, row.Answer),
                SubmissionKey.For(participantId, row.Key),
                actor,
                SubmissionKey.StreamType,
                SubmissionKey.Fingerprint(item, row.Answer));
        })]);
    }

    /// <summary>One transaction for the whole chunk (binary COPY).</summary>
    public async Task<ChunkOutcome> WriteAsync(PreparedChunk chunk, CancellationToken cancellationToken)
    {
        var (rows, events) = chunk;
        if (rows.Count == 0) return new ChunkOutcome(0, 0, []);
        var result = await store.BulkAppendAsync(events, chunkSize: events.Count, cancellationToken: cancellationToken);

        // The bulk append skips a stored key whatever answer it was stored with. After the commit every key of the
        // chunk is stored, so one read tells a replay (same fingerprint) from a reuse with another answer, which the
        // HTTP path refuses with 422. Exact even when another writer took a key meanwhile.
        var stored = await store.ReadFingerprintsAsync([.. events.Select(e => e.IdempotencyKey!).Distinct(StringComparer.Ordinal)], cancellationToken);
        var reused = new List<RowError>();
        for (var i = 0; i < events.Count; i++)
        {
            if (stored.TryGetValue(events[i].IdempotencyKey!, out var fingerprint) && !string.Equals(fingerprint, events[i].Fingerprint, StringComparison.Ordinal))
            {
                reused.Add(new RowError(rows[i].Line, PriceCsv.KeyColumn, SubmissionKey.Reused));
            }
        }
        return new ChunkOutcome(result.Appended, result.Skipped - reused.Count, reused);
    }
}
