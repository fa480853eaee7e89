using System.Security.Claims;
using CoCreation.Api.Contest.Leaderboard;
using CoCreation.Api.Identity;
using CoCreation.Contest;
using Microsoft.AspNetCore.Authorization;

namespace CoCreation.Api.Contest;

/// <summary>Who may see an entry: approved entries are public; pending and rejected ones only admins see (404 to others).</summary>
internal static class ContestAccess
{
    public static async Task<bool> IsAdminAsync(ClaimsPrincipal user, IAuthorizationService authorization) =>
        (await authorization.AuthorizeAsync(user, Roles.Admin)).Succeeded;

    /// <summary>The entry with its history when it exists and the caller may see it; null otherwise.</summary>
    public static async Task<(ContestEntry Entry, IReadOnlyList<StageMark> History)?> VisibleEntryAsync(
        ContestBoard board, string campaignId, string contestId, string entryId, ClaimsPrincipal user, IAuthorizationService authorization)
    {
        if (!Guid.TryParse(entryId, out var id) || board.Entry(campaignId, contestId, id) is not { } found) return null;
        return found.Entry.Status == EntryStatus.Approved || await IsAdminAsync(user, authorization) ? found : null;
    }

    public static string ImageUrl(string campaignId, string contestId, Guid entryId) =>
        $"/api/campaigns/{campaignId}/contests/{contestId}/entries/{entryId}/image";

    public static EntryResponse Describe(string campaignId, string contestId, ContestEntry entry, IReadOnlyList<StageMark> history) =>
        new(entry.EntryId, contestId, entry.Title, entry.Description, entry.Status, LiveContest.StageReached(history),
            ImageUrl(campaignId, contestId, entry.EntryId), entry.Width, entry.Height, entry.ContentType, entry.ImageBytes, entry.ImageSha256,
            history[0].At, history);
}
