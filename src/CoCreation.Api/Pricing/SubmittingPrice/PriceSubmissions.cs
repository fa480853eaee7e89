using CoCreation.EventStore;
using CoCreation.Flags;
using CoCreation.Pricing;

namespace CoCreation.Api.Pricing.SubmittingPrice;

/// <summary>
/// Appending one valid answer, shared by single and batch submissions: one event on the person's own stream
/// for the item, through the group commit, made idempotent by the client's key (<see cref="SubmissionKey"/>). The
/// same key with the same answer replays the first result; with another answer (or item) the store refuses it (422).
/// The abuse signals are kept on the event but are not part of the fingerprint: a retry measures another dwell and
/// may come from another network, and is still the same answer (the first one's signals stay).
/// </summary>
internal static class PriceSubmissions
{
    /// <param name="actor">Who appended, for the event metadata; never a OneID.</param>
    public static Task<AppendResult> AppendAsync(
        EventStore.EventStore store, PricingItem item, Guid participantId, string channel, PriceAnswer answer, AnswerSignals signals, Guid key,
        string actor, CancellationToken cancellationToken) =>
        store.AppendAsync(
            PricingItem.SubmissionStreamId(item.CampaignId, item.ItemId, participantId),
            [SubmitPrice.Record(item, participantId, channel, answer, signals)],
            new AppendOptions
            {
                Expected = ExpectedVersion.Any,
                Idempotency = new IdempotencyKey(SubmissionKey.For(participantId, key), SubmissionKey.Fingerprint(item, answer)),
                Actor = actor,
                StreamType = SubmissionKey.StreamType,
            },
            cancellationToken);
}
