using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace CoCreation.EventStore.Projections;

/// <summary>
/// The unit of work a <see cref="DocumentProjection"/>'s handlers write through. Documents are keyed by
/// (document type, id). Loads see the projection's own pending writes; the writes are flushed with the
/// projection's progress in the page's transaction. Not thread-safe; handlers run one at a time.
/// </summary>
public sealed class DocumentSession
{
    private readonly EventStore _store;
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly string _projection;
    private readonly Dictionary<(string Type, string Id), Entry> _entries = [];

    internal DocumentSession(EventStore store, NpgsqlConnection connection, NpgsqlTransaction transaction, string projection)
    {
        _store = store;
        _connection = connection;
        _transaction = transaction;
        _projection = projection;
    }

    /// <summary>The sequence of the event being applied; recorded on the documents it writes.</summary>
    internal long Sequence { get; set; }

    internal int PendingWrites => _entries.Values.Count(e => e.Dirty);

    /// <summary>The document of type <typeparamref name="T"/> with <paramref name="id"/>, or null.</summary>
    public async Task<T?> LoadAsync<T>(string id, CancellationToken cancellationToken = default) where T : class
    {
        ArgumentNullException.ThrowIfNull(id);
        var key = (DocumentTypes.NameOf(typeof(T)), id);
        if (_entries.TryGetValue(key, out var entry)) return (T?)entry.Document;

        await using var command = new NpgsqlCommand(
            $"select data from {_store.Schema}.documents where type = $1 and id = $2", _connection, _transaction);
        command.Parameters.AddWithValue(key.Item1);
        command.Parameters.AddWithValue(id);
        var json = await command.ExecuteScalarAsync(cancellationToken) as string;
        var document = json is null ? null : JsonSerializer.Deserialize<T>(json, _store.Options.Json);
        _entries[key] = new Entry(typeof(T), document, Dirty: false, Sequence);
        return document;
    }

    /// <summary>Inserts or replaces the document of type <typeparamref name="T"/> with <paramref name="id"/>.</summary>
    public void Store<T>(string id, T document) where T : class
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(document);
        _entries[(DocumentTypes.NameOf(typeof(T)), id)] = new Entry(typeof(T), document, Dirty: true, Sequence);
    }

    /// <summary>Deletes the document of type <typeparamref name="T"/> with <paramref name="id"/> (if any).</summary>
    public void Delete<T>(string id) where T : class
    {
        ArgumentNullException.ThrowIfNull(id);
        _entries[(DocumentTypes.NameOf(typeof(T)), id)] = new Entry(typeof(T), null, Dirty: true, Sequence);
    }

    internal async Task FlushAsync(CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(_connection, _transaction);
        foreach (var ((type, id), entry) in _entries)
        {
            if (!entry.Dirty) continue;
            NpgsqlBatchCommand command;
            if (entry.Document is null)
            {
                command = new NpgsqlBatchCommand($"delete from {_store.Schema}.documents where type = $1 and id = $2");
                command.Parameters.Add(new NpgsqlParameter { Value = type });
                command.Parameters.Add(new NpgsqlParameter { Value = id });
            }
            else
            {
                command = new NpgsqlBatchCommand(
                    $"""
                    insert into {_store.Schema}.documents (type, id, projection, data, seq_id, updated)
                    values ($1, $2, $3, $4, $5, now())
                    on conflict (type, id) do update
                    set projection = excluded.projection, data = excluded.data, seq_id = excluded.seq_id, updated = now()
                    """);
                command.Parameters.Add(new NpgsqlParameter { Value = type });
                command.Parameters.Add(new NpgsqlParameter { Value = id });
                command.Parameters.Add(new NpgsqlParameter { Value = _projection });
                command.Parameters.Add(new NpgsqlParameter
                {
                    NpgsqlDbType = NpgsqlDbType.Jsonb,
                    Value = JsonSerializer.Serialize(entry.Document, entry.ClrType, _store.Options.Json),
                });
                command.Parameters.Add(new NpgsqlParameter { Value = entry.Sequence });
            }
            batch.BatchCommands.Add(command);
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record Entry(Type ClrType, object? Document, bool Dirty, long Sequence);
}

internal static class DocumentTypes
{
    public static string NameOf(Type type) => EventTypeRegistry.DeriveName(type);
}
