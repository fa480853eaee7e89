using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CoCreation.EventStore;

/// <summary>
/// An append-only event log on PostgreSQL: append with optimistic concurrency and idempotency keys
/// (group-committed), bulk append through binary COPY, stream reads, and a gap-safe feed of the
/// whole log for projections. It knows nothing of the domain its events describe.
/// </summary>
public sealed partial class EventStore : IAsyncDisposable
{
    internal const string EventColumns = "seq_id, id, stream_id, version, type, data, timestamp, correlation_id, causation_id, actor";

    private readonly GroupCommitWriter _writer;

    /// <summary>Creates a store over <paramref name="dataSource"/>; call <see cref="EventStoreSchema.ApplyAsync"/> first.</summary>
    public EventStore(NpgsqlDataSource dataSource, IOptions<EventStoreOptions> options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        DataSource = dataSource;
        Options = options.Value;
        SchemaName.Validate(Options.Schema);
        Time = timeProvider ?? TimeProvider.System;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        Logger = LoggerFactory.CreateLogger<EventStore>();
        Notifier = new CommitNotifier(this, LoggerFactory.CreateLogger<CommitNotifier>());
        _writer = new GroupCommitWriter(this, LoggerFactory.CreateLogger<GroupCommitWriter>());
    }

    /// <summary>The data source every connection of the store comes from.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>The store's options.</summary>
    public EventStoreOptions Options { get; }

    /// <summary>The schema holding the store's tables.</summary>
    public string Schema => Options.Schema;

    /// <summary>Appends waiting for the group-commit writer right now.</summary>
    public int QueuedAppends => _writer.QueueLength;

    internal TimeProvider Time { get; }

    internal ILoggerFactory LoggerFactory { get; }

    internal ILogger Logger { get; }

    internal CommitNotifier Notifier { get; }

    /// <summary>The highest sequence committed and visible now (0 for an empty log).</summary>
    public async Task<long> ReadHeadSequenceAsync(CancellationToken cancellationToken = default)
    {
        await using var command = DataSource.CreateCommand($"select coalesce(max(seq_id), 0) from {Schema}.events");
        return (long)(await ExecuteScalarAsync(command, cancellationToken))!;
    }

    /// <summary>A stream's current version, or null when it does not exist.</summary>
    public async Task<long?> ReadStreamVersionAsync(string streamId, CancellationToken cancellationToken = default)
    {
        await using var command = DataSource.CreateCommand($"select version from {Schema}.streams where id = $1");
        command.Parameters.AddWithValue(streamId);
        var value = await ExecuteScalarAsync(command, cancellationToken);
        return value is long version ? version : null;
    }

    /// <summary>The events of one stream from <paramref name="fromVersion"/> on, in version order.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, long fromVersion = 1, int maxCount = int.MaxValue, CancellationToken cancellationToken = default)
    {
        await using var command = DataSource.CreateCommand(
            $"select {EventColumns} from {Schema}.events where stream_id = $1 and version >= $2 order by version limit $3");
        command.Parameters.AddWithValue(streamId);
        command.Parameters.AddWithValue(fromVersion);
        command.Parameters.AddWithValue((long)maxCount);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var events = new List<RecordedEvent>();
            while (await reader.ReadAsync(cancellationToken)) events.Add(ReadEvent(reader));
            return events;
        }
        catch (Exception e) when (IsTransient(e))
        {
            throw Unavailable(e);
        }
    }

    /// <summary>
    /// A reader of the whole log in sequence order, after <paramref name="afterSequence"/>, that never
    /// skips an event a transaction still in flight will commit and never delivers one twice.
    /// </summary>
    public EventFeed CreateFeed(long afterSequence = 0) => new(this, afterSequence);

    /// <summary>Serializes an event with the store's settings.</summary>
    public byte[] Serialize(object data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return JsonSerializer.SerializeToUtf8Bytes(data, data.GetType(), Options.Json);
    }

    /// <summary>Reads an event from a row selected with <see cref="EventColumns"/> in that order.</summary>
    internal RecordedEvent ReadEvent(NpgsqlDataReader reader)
    {
        var type = reader.GetString(4);
        var json = reader.GetFieldValue<byte[]>(5);
        var clrType = Options.Events.TypeOf(type);
        object data = clrType is null
            ? JsonDocument.Parse(json).RootElement.Clone()
            : JsonSerializer.Deserialize(json, clrType, Options.Json)!;
        return new RecordedEvent(
            reader.GetInt64(0),
            reader.GetGuid(1),
            reader.GetString(2),
            reader.GetInt64(3),
            type,
            data,
            reader.GetFieldValue<DateTimeOffset>(6),
            new EventMetadata(
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(7) ? null : reader.GetGuid(7),
                reader.IsDBNull(8) ? null : reader.GetGuid(8)));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        await Notifier.DisposeAsync();
    }

    private static async Task<object?> ExecuteScalarAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (Exception e) when (IsTransient(e))
        {
            throw Unavailable(e);
        }
    }

    /// <summary>True for failures that mean "PostgreSQL is not there right now" rather than a bad request.</summary>
    internal static bool IsTransient(Exception e) => e switch
    {
        NpgsqlException { IsTransient: true } => true,
        PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" } => true,
        NpgsqlException { InnerException: System.Net.Sockets.SocketException or IOException or TimeoutException } => true,
        _ => false,
    };

    internal static EventStoreUnavailableException Unavailable(Exception e) =>
        new("PostgreSQL is unavailable; nothing was written.", e);
}
