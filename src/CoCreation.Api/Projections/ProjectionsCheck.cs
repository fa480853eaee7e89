using CoCreation.EventStore;
using CoCreation.EventStore.Projections;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Projections;

/// <summary>
/// Ready when every projection is within <see cref="ProjectionsReadiness.MaxLag"/> events of the head.
/// A live projection behind that is this node still replaying (its reads would be stale): unhealthy.
/// A document projection behind it is the leader's business, wherever it runs: degraded, since this
/// node's own reads of documents are as fresh as anyone's.
/// </summary>
internal sealed class ProjectionsCheck(ProjectionDaemon daemon, IOptions<ProjectionsReadiness> readiness) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ProjectionStatus> statuses;
        try
        {
            statuses = await daemon.GetStatusAsync(cancellationToken);
        }
        catch (EventStoreUnavailableException e)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is unavailable.", e);
        }

        var maxLag = readiness.Value.MaxLag;
        var data = statuses.ToDictionary(s => s.Name, s => (object)new { s.Kind, s.Position, s.Head, s.Lag, s.IsActive }, StringComparer.Ordinal);
        var behindLive = statuses.Where(s => s.Kind == ProjectionKind.Live && s.Lag > maxLag).Select(s => s.Name).ToList();
        if (behindLive.Count > 0)
        {
            return HealthCheckResult.Unhealthy($"Still replaying: {string.Join(", ", behindLive)}.", data: data);
        }
        var behind = statuses.Where(s => s.Lag > maxLag).Select(s => s.Name).ToList();
        return behind.Count > 0
            ? HealthCheckResult.Degraded($"Behind the log: {string.Join(", ", behind)}.", data: data)
            : HealthCheckResult.Healthy($"{statuses.Count} projections caught up.", data);
    }
}
