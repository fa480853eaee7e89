using System.Net;
using System.Text.Json.Serialization;
using CoCreation.Api.Flags;
using CoCreation.Api.Identity;
using CoCreation.Api.Pricing.SubmittingPrice;
using CoCreation.Flags;
using CoCreation.OneId;
using CoCreation.Participants;
using CoCreation.Pricing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Pricing.IngestingBatch;

public sealed record SubmitBatchRequest(IReadOnlyList<BatchRow?>? Rows);

/// <summary>
/// One answer of a channel partner or an offline survey: who (OneID), through which channel, with which key; optionally
/// the abuse signals the partner observed: <c>dwellMs</c>, and <c>clientIp</c>, the participant's address as the
/// partner saw it (the batch's own address is the partner's server, so it is never used). Only the pseudonym of the
/// address's network is stored.
/// </summary>
public sealed record BatchRow(
    string? OneId, string? Channel, string? IdempotencyKey,
    long? Price, long? TooCheap, long? Cheap, long? Expensive, long? TooExpensive,
    int? LikelihoodAtCheap, int? LikelihoodAtExpensive, SegmentRequest? Segment, long? DwellMs = null, string? ClientIp = null)
{
    public PriceAnswer ToAnswer() =>
        new(Price, TooCheap, Cheap, Expensive, TooExpensive, LikelihoodAtCheap, LikelihoodAtExpensive, Segment?.Region, Segment?.AgeBand);
}

/// <summary>A row's outcome: 201 stored, 200 replayed (same key and answer as before), 400 invalid, 422 key reused.</summary>
public sealed record BatchRowResult(
    int Index, int Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? SubmissionId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Sequence = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IDictionary<string, string[]>? Errors = null);

public static class SubmitBatchEndpoint
{
    public const int MaxRows = 10_000;

    /// <summary>10,000 rows of a few hundred bytes each, with room to spare.</summary>
    public const long MaxBodyBytes = 8 * 1024 * 1024;

    // Enough appends in flight to fill the group commit's transactions without crowding out live traffic.
    private const int AppendsInFlight = 2_000;

    /// <summary>
    /// POST …/pricing/{itemId}/submissions/batch (admin): 200 with one result per row, in order. Invalid rows are
    /// never stored; valid ones are appended concurrently, each exactly as a participant's own submission (same
    /// idempotency key space, so a re-run replays). Unlike a participant's submission it does not require the
    /// round to be open: offline surveys and partners' data arrive after the livestream too.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<BatchRowResult>>, ValidationProblem, ProblemHttpResult>> Handle(
        string campaignId, string itemId, SubmitBatchRequest request, Actor actor,
        PricingItemCache items, ParticipantDirectory participants, NetworkPseudonyms networks, EventStore.EventStore store,
        CancellationToken cancellationToken)
    {
        if (request.Rows is not { Count: > 0 and <= MaxRows } rows)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["rows"] = [$"Send 1 to {MaxRows:N0} rows."] },
                detail: $"A batch holds 1 to {MaxRows:N0} rows.");
        }
        var item = Slug.IsValid(campaignId) && Slug.IsValid(itemId) ? await items.GetAsync(campaignId, itemId, cancellationToken) : null;
        if (item is null)
        {
            return PricingProblems.NoItem(campaignId, itemId);
        }

        var results = new BatchRowResult[rows.Count];
        var valid = new List<(int Index, BatchRow Row, PriceAnswer Answer, AnswerSignals Signals, Guid Key)>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (answer, address, key, errors) = Check(item, rows[i]);
            if (errors.Count > 0) results[i] = new BatchRowResult(i, StatusCodes.Status400BadRequest, Errors: errors);
            else valid.Add((i, rows[i]!, answer!, new AnswerSignals((int?)rows[i]!.DwellMs, networks.Of(address)), key));
        }

        var ids = await participants.ResolveManyAsync([.. valid.Select(v => v.Row.OneId!)], cancellationToken);
        await Parallel.ForEachAsync(valid, new ParallelOptions { MaxDegreeOfParallelism = AppendsInFlight, CancellationToken = cancellationToken },
            async (row, ct) =>
            {
                try
                {
                    var result = await PriceSubmissions.AppendAsync(store, item, ids[row.Row.OneId!], row.Row.Channel!, row.Answer, row.Signals, row.Key,
                        actor.Value, ct);
                    results[row.Index] = new BatchRowResult(row.Index,
                        result.Replayed ? StatusCodes.Status200OK : StatusCodes.Status201Created, result.FirstEventId, result.FirstSequence);
                }
                catch (EventStore.IdempotencyKeyReusedException)
                {
                    results[row.Index] = new BatchRowResult(row.Index, StatusCodes.Status422UnprocessableEntity,
                        Errors: new Dictionary<string, string[]> { ["idempotencyKey"] = [SubmissionKey.Reused] });
                }
            });
        return TypedResults.Ok<IReadOnlyList<BatchRowResult>>(results);
    }

    private static (PriceAnswer? Answer, IPAddress? Address, Guid Key, Dictionary<string, string[]> Errors) Check(PricingItem item, BatchRow? row)
    {
        if (row is null)
        {
            return (null, null, default, new(StringComparer.Ordinal) { ["row"] = ["A row is required, not null."] });
        }
        var answer = row.ToAnswer();
        var errors = SubmitPrice.Validate(item, answer);
        if (!OneIds.IsValid(row.OneId))
        {
            errors["oneId"] = [OneIds.Requirement];
        }
        if (!Channels.IsKnown(row.Channel))
        {
            errors["channel"] = [Channels.Requirement];
        }
        var key = ClientKeys.Parse(row.IdempotencyKey);
        if (key is null)
        {
            errors["idempotencyKey"] = [SubmissionKey.Requirement];
        }
        Dwell.Validate(row.DwellMs, errors);
        IPAddress? address = null;
        // IPAddress.TryParse also takes a bare number ("12345" → 0.0.48.57); only dotted or colon forms are addresses.
        if (row.ClientIp is not null && (row.ClientIp.AsSpan().IndexOfAny('.', ':') < 0 || !IPAddress.TryParse(row.ClientIp, out address)))
        {
            errors["clientIp"] = ["clientIp must be an IPv4 or IPv6 address."];
        }
        return (SubmitPrice.Normalize(answer), address, key ?? default, errors);
    }
}
