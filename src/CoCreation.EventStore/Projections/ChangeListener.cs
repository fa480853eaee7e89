using Microsoft.Extensions.Logging;
using Npgsql;

namespace CoCreation.EventStore.Projections;

/// <summary>
/// One LISTEN connection per node on the store's notification channel; every notification wakes every
/// projection loop. Reconnects when the connection drops (and wakes everyone, since notifications sent
/// meanwhile were lost); the loops also poll, so a silent listener only costs latency.
/// </summary>
internal sealed class ChangeListener(EventStore store, ProjectionDaemonOptions options, ILogger logger)
{
    public Signal Changes { get; } = new();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await DedicatedConnection.OpenAsync(store.DataSource, options.KeepAliveSeconds, "listener", cancellationToken);
                connection.Notification += (_, _) => Changes.Pulse();
                await using (var listen = new NpgsqlCommand($"listen {store.Options.NotificationChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }
                Changes.Pulse();
                while (true) await connection.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                logger.LogWarning(e, "The notification listener lost its connection; reconnecting");
                await Task.Delay(options.RetryDelay, cancellationToken);
            }
        }
    }
}
