using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace CoCreation.EventStore.Tests.Reading;

/// <summary>
/// Appends with raw SQL following the store's append protocol (transaction id first, then sequence
/// numbers, then notify at commit), so feed tests can hold a transaction open mid-append or roll it back;
/// everything else appends through the store.
/// </summary>
internal sealed class RawAppender : IAsyncDisposable
{
    private readonly EventStore _store;
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private long _last;

    private RawAppender(EventStore store, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _store = store;
        _connection = connection;
        _transaction = transaction;
    }

    public static async Task<RawAppender> BeginAsync(EventStore store, CancellationToken cancellationToken = default)
    {
        var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var xid = new NpgsqlCommand("select pg_current_xact_id()", connection, transaction);
        await xid.ExecuteScalarAsync(cancellationToken);
        return new RawAppender(store, connection, transaction);
    }

    public async Task<IReadOnlyList<long>> AddAsync(string streamId, params object[] events)
    {
        var s = _store.Schema;
        await using (var stream = new NpgsqlCommand(
            $"insert into {s}.streams (id) values ($1) on conflict (id) do nothing", _connection, _transaction))
        {
            stream.Parameters.AddWithValue(streamId);
            await stream.ExecuteNonQueryAsync();
        }
        long version;
        await using (var read = new NpgsqlCommand($"select version from {s}.streams where id = $1 for update", _connection, _transaction))
        {
            read.Parameters.AddWithValue(streamId);
            version = (long)(await read.ExecuteScalarAsync())!;
        }
        var sequences = new List<long>();
        foreach (var e in events)
        {
            await using var insert = new NpgsqlCommand(
                $"""
                insert into {s}.events (seq_id, id, stream_id, version, type, data, timestamp)
                values (nextval('{s}.events_seq'), $1, $2, $3, $4, $5, now()) returning seq_id
                """, _connection, _transaction);
            insert.Parameters.AddWithValue(Guid.CreateVersion7());
            insert.Parameters.AddWithValue(streamId);
            insert.Parameters.AddWithValue(++version);
            insert.Parameters.AddWithValue(_store.Options.Events.NameOf(e.GetType()));
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = Encoding.UTF8.GetString(_store.Serialize(e)) });
            sequences.Add((long)(await insert.ExecuteScalarAsync())!);
        }
        await using (var update = new NpgsqlCommand($"update {s}.streams set version = $2, updated = now() where id = $1", _connection, _transaction))
        {
            update.Parameters.AddWithValue(streamId);
            update.Parameters.AddWithValue(version);
            await update.ExecuteNonQueryAsync();
        }
        _last = Math.Max(_last, sequences.Count > 0 ? sequences[^1] : 0);
        return sequences;
    }

    public async Task CommitAsync()
    {
        await using (var notify = new NpgsqlCommand("select pg_notify($1, $2)", _connection, _transaction))
        {
            notify.Parameters.AddWithValue(_store.Options.NotificationChannel);
            notify.Parameters.AddWithValue(_last.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await notify.ExecuteNonQueryAsync();
        }
        await _transaction.CommitAsync();
    }

    public Task RollbackAsync() => _transaction.RollbackAsync();

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
