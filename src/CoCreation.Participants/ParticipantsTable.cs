using CoCreation.EventStore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CoCreation.Participants;

/// <summary>
/// Creates <c>{schema}.participants</c> (OneIDs), <c>{schema}.guests</c> (guests' device keys) and
/// <c>{schema}.participant_erasures</c> (erasures not yet announced in the log): at start-up of an API node (after the
/// event store's migration made the schema), and before a command-line import. The tables live outside the log on
/// purpose: erasing a person deletes their row, and the log keeps only a UUID nobody can link back to them.
/// </summary>
public sealed class ParticipantsTable(NpgsqlDataSource dataSource, IOptions<EventStoreOptions> options, ILogger<ParticipantsTable> logger)
    : IHostedService
{
    /// <summary>Creates the tables in <paramref name="schema"/> when it is missing; safe to run from many processes at once.</summary>
    public static async Task EnsureAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentException.ThrowIfNullOrEmpty(schema);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // "create table if not exists" alone races when several nodes start at once (both create the row type).
        await using var command = new NpgsqlCommand(
            $"""
            select pg_advisory_xact_lock(hashtextextended('{schema}.participants', 0));
            create table if not exists {schema}.participants (
                one_id text primary key,
                participant_id uuid not null unique,
                created timestamptz not null default now());
            create table if not exists {schema}.guests (
                guest_key text primary key,
                participant_id uuid not null unique,
                created timestamptz not null default now());
            create table if not exists {schema}.participant_erasures (
                participant_id uuid primary key,
                guest boolean not null,
                actor text not null,
                erased timestamptz not null default now());
            """, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var schema = options.Value.Schema;
        await EnsureAsync(dataSource, schema, cancellationToken);
        logger.LogInformation("Participants directory {Schema}.participants is ready", schema);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
