using System.Security.Claims;
using CoCreation.Api.Contest.Leaderboard;
using CoCreation.Contest;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace CoCreation.Api.Contest.ViewingEntry;

public static class EntryEndpoints
{
    /// <summary>GET …/contests/{contestId}/entries/{entryId}: approved entries for everyone, the others for admins only.</summary>
    public static async Task<Results<Ok<EntryResponse>, ProblemHttpResult>> Get(
        string campaignId, string contestId, string entryId, ClaimsPrincipal user, IAuthorizationService authorization, ContestBoard board)
    {
        var found = await ContestAccess.VisibleEntryAsync(board, campaignId, contestId, entryId, user, authorization);
        return found is { } f
            ? TypedResults.Ok(ContestAccess.Describe(campaignId, contestId, f.Entry, f.History))
            : ContestProblems.NoEntry(contestId, entryId);
    }

    /// <summary>
    /// GET …/entries/{entryId}/image: the original bytes with their type, the SHA-256 as a strong ETag and 304 on
    /// If-None-Match. An approved entry's image is cacheable by anyone for a year (content-addressed, it never changes
    /// under its URL's ETag); the images of entries only admins see are private and revalidated.
    /// </summary>
    public static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> GetImage(
        string campaignId, string contestId, string entryId, HttpContext context, IAuthorizationService authorization, ContestBoard board,
        ContestImages images, CancellationToken cancellationToken)
    {
        if (await ContestAccess.VisibleEntryAsync(board, campaignId, contestId, entryId, context.User, authorization) is not { } found)
        {
            return ContestProblems.NoEntry(contestId, entryId);
        }
        var entry = found.Entry;
        var headers = context.Response.Headers;
        headers.ETag = $"\"{entry.ImageSha256}\"";
        headers.CacheControl = entry.Status == EntryStatus.Approved ? "public, max-age=31536000, immutable" : "private, no-cache";
        headers.XContentTypeOptions = "nosniff";

        var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Tag.Equals($"\"{entry.ImageSha256}\"", StringComparison.Ordinal)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        var bytes = await images.ReadAsync(entry.ImageSha256, cancellationToken);
        return bytes is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "The entry's image is not stored.")
            : TypedResults.File(bytes, entry.ContentType);
    }
}
