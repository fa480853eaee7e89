using CoCreation.Pricing;

namespace CoCreation.Api.Pricing.SubmittingPrice;

/// <summary>How a person describes themselves, optionally, for the statistics' cuts.</summary>
public sealed record SegmentRequest(string? Region, string? AgeBand);

/// <summary>
/// direct: <c>{price, segment?}</c>; psm: <c>{tooCheap, cheap, expensive, tooExpensive, likelihoodAtCheap?, likelihoodAtExpensive?, segment?}</c>;
/// either with an optional <c>dwellMs</c>: how long the page showed the form before this was sent (an abuse signal, not part of the answer).
/// </summary>
public sealed record SubmitPriceRequest(
    long? Price, long? TooCheap, long? Cheap, long? Expensive, long? TooExpensive,
    int? LikelihoodAtCheap, int? LikelihoodAtExpensive, SegmentRequest? Segment, long? DwellMs = null)
{
    public PriceAnswer ToAnswer() =>
        new(Price, TooCheap, Cheap, Expensive, TooExpensive, LikelihoodAtCheap, LikelihoodAtExpensive, Segment?.Region, Segment?.AgeBand);
}

/// <summary>A stored submission: the event's id and its position in the log.</summary>
public sealed record SubmissionResponse(Guid SubmissionId, long Sequence);
