using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Infrastructure;

/// <summary>
/// The client's <c>Idempotency-Key</c> header on participants' writes (prices, ballots, suggestions): a UUID that
/// the store keeps with the events, with a fingerprint of the request, so a retry replays and another body is 422.
/// </summary>
internal static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";

    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.Web);

    /// <summary>The client's key as a UUID, or null when it is missing or not one.</summary>
    public static Guid? Parse(string? key) => Guid.TryParse(key?.Trim(), out var parsed) ? parsed : null;

    public static ValidationProblem Missing() => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { [Header] = ["An Idempotency-Key header holding a UUID is required."] },
        detail: "The request needs an Idempotency-Key header holding a UUID, so that a retry is not counted twice.");

    /// <summary>SHA-256 of <paramref name="scope"/> and the canonical JSON of <paramref name="request"/> (fixed field order, nulls included).</summary>
    public static string Fingerprint(string scope, object request)
    {
        var text = $"{scope}\n{JsonSerializer.Serialize(request, request.GetType(), Canonical)}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
