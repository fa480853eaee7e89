using CoCreation.Contest.Images;
using CoCreation.EventStore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CoCreation.Api.Contest;

/// <summary>
/// Entry images in PostgreSQL, <c>{schema}.contest_images</c>, keyed by their SHA-256: the one durable copy, so
/// any node can serve any image. Content-addressed, so storing the same bytes twice (a retry, a duplicate entry) is
/// harmless; an image is written before the event that names it, so no event ever names a missing image. Creates
/// its table at start-up, after the event store's migration made the schema.
/// </summary>
public sealed class ContestImages(NpgsqlDataSource dataSource, IOptions<EventStoreOptions> options, ILogger<ContestImages> logger) : IHostedService
{
    private readonly string _schema = options.Value.Schema;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // "create table if not exists" alone races when several nodes start at once (both create the row type).
        await using var command = new NpgsqlCommand(
            $"""
            select pg_advisory_xact_lock(hashtextextended('{_schema}.contest_images', 0));
            create table if not exists {_schema}.contest_images (
                sha256 text primary key,
                content_type text not null,
                width integer not null,
                height integer not null,
                bytes bytea not null,
                created timestamptz not null default now());
            """, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Contest images {Schema}.contest_images are ready", _schema);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stores the image unless the same bytes are already there; returns once it is committed.</summary>
    public async Task StoreAsync(ImageInfo image, byte[] bytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        await using var command = dataSource.CreateCommand(
            $"insert into {_schema}.contest_images (sha256, content_type, width, height, bytes) values ($1, $2, $3, $4, $5) on conflict (sha256) do nothing");
        command.Parameters.AddWithValue(image.Sha256);
        command.Parameters.AddWithValue(image.ContentType);
        command.Parameters.AddWithValue(image.Width);
        command.Parameters.AddWithValue(image.Height);
        command.Parameters.AddWithValue(bytes);
        await RunAsync(() => command.ExecuteNonQueryAsync(cancellationToken));
    }

    /// <summary>The image's bytes, or null when no image has that hash.</summary>
    public async Task<byte[]?> ReadAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"select bytes from {_schema}.contest_images where sha256 = $1");
        command.Parameters.AddWithValue(sha256);
        return await RunAsync(() => command.ExecuteScalarAsync(cancellationToken)) as byte[];
    }

    private static async Task<T> RunAsync<T>(Func<Task<T>> query)
    {
        try
        {
            return await query();
        }
        catch (NpgsqlException e) when (e is { IsTransient: true } or { InnerException: System.Net.Sockets.SocketException or IOException or TimeoutException })
        {
            throw new EventStoreUnavailableException("PostgreSQL is unavailable; nothing was written.", e);
        }
    }
}
