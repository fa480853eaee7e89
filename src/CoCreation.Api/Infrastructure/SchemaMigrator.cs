using CoCreation.EventStore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CoCreation.Api.Infrastructure;

/// <summary>
/// Brings the event store's schema up to date before anything else starts. Safe when several
/// nodes start at once: the migrations take an advisory lock and skip what is applied.
/// </summary>
internal sealed class SchemaMigrator(NpgsqlDataSource dataSource, IOptions<EventStoreOptions> options, ILogger<SchemaMigrator> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await EventStoreSchema.ApplyAsync(dataSource, options.Value.Schema, cancellationToken);
        logger.LogInformation("Event store schema {Schema} is up to date", options.Value.Schema);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
