using Npgsql;

namespace CoCreation.EventStore.Projections;

/// <summary>
/// Long-lived connections outside the pool (advisory locks, LISTEN): closing one ends its session, and
/// TCP keepalive lets both ends notice a dead peer instead of holding locks on a half-open socket.
/// </summary>
internal static class DedicatedConnection
{
    public static async Task<NpgsqlConnection> OpenAsync(NpgsqlDataSource dataSource, int keepAliveSeconds, string purpose, CancellationToken cancellationToken)
    {
        await using var template = dataSource.CreateConnection();
        var builder = new NpgsqlConnectionStringBuilder(template.ConnectionString)
        {
            Pooling = false,
            KeepAlive = keepAliveSeconds,
            TcpKeepAlive = true,
            ApplicationName = $"cocreation-{purpose}",
        };
        // CloneWith keeps the data source's password, which its public connection string omits.
        var connection = template.CloneWith(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
