using Microsoft.Extensions.Logging;
using Npgsql;

namespace CoCreation.EventStore.Projections;

/// <summary>
/// Session-level advisory locks held on one dedicated connection per daemon: a projection is led by the
/// node whose lock connection holds its key. If that connection breaks, PostgreSQL releases the locks and
/// this node stops leading; the progression check catches any page committed meanwhile by a lagging loop.
/// Never transaction-scoped locks: they would leave the session idle in transaction (marten #5108).
/// </summary>
internal sealed class Leases(NpgsqlDataSource dataSource, ProjectionDaemonOptions options, ILogger logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<long> _held = [];
    private NpgsqlConnection? _connection;

    public bool IsHeld(long key)
    {
        lock (_held) return _held.Contains(key);
    }

    public async Task<bool> TryAcquireAsync(long key, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (IsHeld(key)) return true;
            _connection ??= await DedicatedConnection.OpenAsync(dataSource, options.KeepAliveSeconds, "leases", cancellationToken);
            await using var command = new NpgsqlCommand("select pg_try_advisory_lock($1)", _connection);
            command.Parameters.AddWithValue(key);
            if (await command.ExecuteScalarAsync(cancellationToken) is not true) return false;
            lock (_held) _held.Add(key);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
        {
            logger.LogWarning(e, "The lock connection failed while taking a lease");
            await DropAsync();
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task ReleaseAsync(long key, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            lock (_held)
            {
                if (!_held.Remove(key)) return;
            }
            await using var command = new NpgsqlCommand("select pg_advisory_unlock($1)", _connection);
            command.Parameters.AddWithValue(key);
            await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
        {
            await DropAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Checks the lock connection every <see cref="ProjectionDaemonOptions.LeaseCheckInterval"/>; drops every lease if it is gone.</summary>
    public async Task MonitorAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(options.LeaseCheckInterval, cancellationToken);
            await _gate.WaitAsync(cancellationToken);
            try
            {
                if (_connection is null) continue;
                await using var command = new NpgsqlCommand("select 1", _connection) { CommandTimeout = 10 };
                await command.ExecuteScalarAsync(cancellationToken);
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                logger.LogWarning(e, "The lock connection is broken; this node stops leading its projections");
                await DropAsync();
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    private async Task DropAsync()
    {
        lock (_held) _held.Clear();
        if (_connection is null) return;
        var connection = _connection;
        _connection = null;
        try
        {
            await connection.DisposeAsync();
        }
        catch (Exception e) when (e is NpgsqlException or IOException)
        {
            logger.LogDebug(e, "Closing the broken lock connection failed");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await DropAsync();
        }
        finally
        {
            _gate.Release();
        }
    }
}
