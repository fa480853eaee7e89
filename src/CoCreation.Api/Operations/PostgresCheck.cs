using CoCreation.EventStore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CoCreation.Api.Operations;

/// <summary>Ready when PostgreSQL answers and the store's schema is in place (one tiny query).</summary>
internal sealed class PostgresCheck(NpgsqlDataSource dataSource, IOptions<EventStoreOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand($"select max(version) from {options.Value.Schema}.schema_migrations");
            var version = await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy($"schema {options.Value.Schema} at migration {version}");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "PostgreSQL is unreachable or the schema is missing.", e);
        }
    }
}
