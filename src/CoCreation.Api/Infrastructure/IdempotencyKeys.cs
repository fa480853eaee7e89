using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Infrastructure;

/// <summary>
/// The client's <c>Idempotency-Key</c> header on participants' writes (prices, ballots, suggestions): a UUID that
/// the store keeps with the events, with a fingerprint of the request, so a retry replays and another body is 422.
/// Parsing and fingerprinting are <see cref="ClientKeys"/>'s, which the command-line import shares.
/// </summary>
internal static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";

    /// <summary>The client's key as a UUID, or null when it is missing or not one.</summary>
    public static Guid? Parse(string? key) => ClientKeys.Parse(key);

    public static ValidationProblem Missing() => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { [Header] = ["An Idempotency-Key header holding a UUID is required."] },
        detail: "The request needs an Idempotency-Key header holding a UUID, so that a retry is not counted twice.");

    /// <summary>SHA-256 of <paramref name="scope"/> and the canonical JSON of <paramref name="request"/> (fixed field order, nulls included).</summary>
    public static string Fingerprint(string scope, object request) => ClientKeys.Fingerprint(scope, request);
}
