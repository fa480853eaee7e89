using CoCreation.Api.Campaigns;
using CoCreation.Api.Errors;
using CoCreation.EventStore.Projections;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Audit;

public static class AuditEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>GET /api/campaigns/{campaignId}/audit?after=&amp;limit= (admin): the campaign's admin and host actions in log order.</summary>
    public static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, ValidationProblem, ProblemHttpResult>> ForCampaign(
        string campaignId, long? after, int? limit, EventStore.EventStore store, DocumentReader documents, CancellationToken cancellationToken)
    {
        if (Validate(after, limit) is { } invalid) return invalid;
        if (!await CampaignStream.ExistsAsync(store, campaignId, cancellationToken)) return Problems.NoCampaign(campaignId);
        return TypedResults.Ok(await documents.PageBySequenceAsync<AuditEntry>(
            AuditLog.PrefixOf(campaignId), after ?? 0, limit ?? DefaultLimit, cancellationToken));
    }

    /// <summary>GET /api/audit?after=&amp;limit= (admin): admin actions on no campaign (erasures, projection rebuilds).</summary>
    public static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, ValidationProblem>> Global(
        long? after, int? limit, DocumentReader documents, CancellationToken cancellationToken)
    {
        if (Validate(after, limit) is { } invalid) return invalid;
        return TypedResults.Ok(await documents.PageBySequenceAsync<AuditEntry>(
            AuditLog.GlobalPrefix, after ?? 0, limit ?? DefaultLimit, cancellationToken));
    }

    private static ValidationProblem? Validate(long? after, int? limit)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (after is < 0) errors["after"] = ["after must be a log sequence of 0 or more."];
        if (limit is < 1 or > MaxLimit) errors["limit"] = [$"limit must be 1..{MaxLimit}."];
        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors, detail: "The page is not valid; see errors.");
    }
}
