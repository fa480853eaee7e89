using CoCreation.EventStore.Projections;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Projections;

public static class ProjectionAdminEndpoints
{
    /// <summary>GET /api/admin/projections: where each projection is, who runs it, how far behind it is.</summary>
    public static async Task<Ok<IReadOnlyList<ProjectionStatus>>> Status(ProjectionDaemon daemon, CancellationToken cancellationToken) =>
        TypedResults.Ok(await daemon.GetStatusAsync(cancellationToken));

    /// <summary>
    /// POST /api/admin/projections/{name}/rebuild: asks whichever node runs the projection to replay it
    /// from the start of the log; 202 at once, progress through the status endpoint.
    /// </summary>
    public static async Task<Results<Accepted, ProblemHttpResult>> Rebuild(
        string name, ProjectionDaemon daemon, EventStore.EventStore store, ILogger<ProjectionDaemon> logger, Identity.Actor actor, CancellationToken cancellationToken)
    {
        if (!daemon.Projections.Contains(name, StringComparer.Ordinal))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: $"There is no projection '{name}'. Known: {string.Join(", ", daemon.Projections)}.");
        }
        await daemon.RequestRebuildAsync(name, cancellationToken);
        await store.AppendAsync($"projection/{name}", [new ProjectionRebuildRequested(name, actor.Value)],
            new EventStore.AppendOptions { Actor = actor.Value, StreamType = "projection" }, cancellationToken);
        logger.LogInformation("{Actor} requested a rebuild of projection {Projection}", actor.Value, name);
        return TypedResults.Accepted("/api/admin/projections");
    }
}

/// <summary>An admin asked for a projection to be replayed from the start of the log (a global admin action, for the audit).</summary>
public sealed record ProjectionRebuildRequested(string Projection, string Actor);
