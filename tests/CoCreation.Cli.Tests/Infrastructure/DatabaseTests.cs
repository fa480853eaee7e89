using CoCreation.Cli.Infrastructure;
using CoCreation.EventStore;
using Npgsql;

namespace CoCreation.Cli.Tests.Infrastructure;

public sealed class DatabaseTests
{
    [Fact]
    public async Task commands_wait_ten_minutes_for_a_statement_unless_the_connection_string_says_otherwise()
    {
        await using var defaulted = Database.Open("Host=127.0.0.1;Username=x", new EventStoreOptions());
        await using var chosen = Database.Open("Host=127.0.0.1;Username=x;command timeout=45", new EventStoreOptions());

        Assert.Equal(600, new NpgsqlConnectionStringBuilder(defaulted.DataSource.ConnectionString).CommandTimeout);
        Assert.Equal(45, new NpgsqlConnectionStringBuilder(chosen.DataSource.ConnectionString).CommandTimeout);
    }
}
