using System.Text.Json;
using Npgsql;

namespace CoCreation.EventStore.Projections;

/// <summary>
/// Reads the documents durable projections wrote, outside the daemon (API endpoints). What it returns
/// is as of the projection's last committed page; compare with <see cref="ProjectionDaemon.GetStatusAsync"/>
/// to know how far behind the log that is.
/// </summary>
public sealed class DocumentReader(EventStore store)
{
    /// <summary>The document of type <typeparamref name="T"/> with <paramref name="id"/>, or null.</summary>
    public async Task<T?> LoadAsync<T>(string id, CancellationToken cancellationToken = default) where T : class
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var command = store.DataSource.CreateCommand(
            $"select data from {store.Schema}.documents where type = $1 and id = $2");
        command.Parameters.AddWithValue(DocumentTypes.NameOf(typeof(T)));
        command.Parameters.AddWithValue(id);
        try
        {
            return await command.ExecuteScalarAsync(cancellationToken) is string json
                ? JsonSerializer.Deserialize<T>(json, store.Options.Json)
                : null;
        }
        catch (Exception e) when (EventStore.IsTransient(e))
        {
            throw EventStore.Unavailable(e);
        }
    }

    /// <summary>Every document of type <typeparamref name="T"/> whose id starts with <paramref name="idPrefix"/>, in id order.</summary>
    public async Task<IReadOnlyList<T>> ListAsync<T>(string idPrefix = "", CancellationToken cancellationToken = default) where T : class
    {
        ArgumentNullException.ThrowIfNull(idPrefix);
        await using var command = store.DataSource.CreateCommand(
            $"select data from {store.Schema}.documents where type = $1 and starts_with(id, $2) order by id");
        command.Parameters.AddWithValue(DocumentTypes.NameOf(typeof(T)));
        command.Parameters.AddWithValue(idPrefix);
        return await ReadAllAsync<T>(command, cancellationToken);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> documents of type <typeparamref name="T"/> whose id starts with
    /// <paramref name="idPrefix"/> and that were written by an event after <paramref name="afterSequence"/>, in the
    /// order of those events: a page of an append-only document set (one document per event), resumed by sequence.
    /// </summary>
    public async Task<IReadOnlyList<T>> PageBySequenceAsync<T>(string idPrefix, long afterSequence, int limit, CancellationToken cancellationToken = default) where T : class
    {
        ArgumentNullException.ThrowIfNull(idPrefix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var command = store.DataSource.CreateCommand(
            $"select data from {store.Schema}.documents where type = $1 and starts_with(id, $2) and seq_id > $3 order by seq_id limit $4");
        command.Parameters.AddWithValue(DocumentTypes.NameOf(typeof(T)));
        command.Parameters.AddWithValue(idPrefix);
        command.Parameters.AddWithValue(afterSequence);
        command.Parameters.AddWithValue(limit);
        return await ReadAllAsync<T>(command, cancellationToken);
    }

    /// <summary>Runs a command whose first column is a document's JSON and reads every row.</summary>
    private async Task<IReadOnlyList<T>> ReadAllAsync<T>(NpgsqlCommand command, CancellationToken cancellationToken) where T : class
    {
        try
        {
            var documents = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                documents.Add(JsonSerializer.Deserialize<T>(reader.GetString(0), store.Options.Json)!);
            }
            return documents;
        }
        catch (Exception e) when (EventStore.IsTransient(e))
        {
            throw EventStore.Unavailable(e);
        }
    }
}
