using Microsoft.Extensions.Options;
using Npgsql;

namespace CoCreation.Cli.Infrastructure;

/// <summary>One command's connection to the event store: a data source and a store over it (never started).</summary>
internal sealed class Database : IAsyncDisposable
{
    private const string ApplicationName = "cocreation-cli";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(10);

    private Database(NpgsqlDataSource dataSource, EventStore.EventStore store)
    {
        DataSource = dataSource;
        Store = store;
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Validates the schema name and names the notification channel; its writer never starts here.</summary>
    public EventStore.EventStore Store { get; }

    public string Schema => Store.Schema;

    public static Database Open(string connectionString, EventStore.EventStoreOptions options)
    {
        NpgsqlDataSource dataSource;
        try
        {
            var builder = new NpgsqlDataSourceBuilder(connectionString);
            builder.ConnectionStringBuilder.ApplicationName ??= ApplicationName;
            // An import's chunk of 50,000 rows against tables of millions can outlast Npgsql's 30 s default (it did on a
            // busy machine); an operator stops a command with Ctrl-C. A timeout the connection string sets still wins.
            if (!SetsCommandTimeout(connectionString)) builder.ConnectionStringBuilder.CommandTimeout = (int)CommandTimeout.TotalSeconds;
            dataSource = builder.Build();
        }
        catch (ArgumentException e)
        {
            throw new CliException(ExitCodes.Usage, $"The connection string is not valid: {e.Message}");
        }

        try
        {
            return new Database(dataSource, new EventStore.EventStore(dataSource, Options.Create(options)));
        }
        catch (ArgumentException e)
        {
            dataSource.Dispose();
            throw new CliException(ExitCodes.Usage, e.Message);
        }
    }

    private static bool SetsCommandTimeout(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("CommandTimeout", StringComparison.OrdinalIgnoreCase));
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await DataSource.DisposeAsync();
    }
}
