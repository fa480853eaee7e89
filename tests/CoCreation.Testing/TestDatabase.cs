using Npgsql;

namespace CoCreation.Testing;

/// <summary>
/// The PostgreSQL server the tests run against: <c>COCREATION_TEST_CONNECTION</c>, set by the test
/// script (scripts/test.sh) to a throwaway cluster it started. Never a fake.
/// </summary>
public static class TestDatabase
{
    public const string Variable = "COCREATION_TEST_CONNECTION";

    private static readonly Lazy<string> Connection = new(() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. Run the tests with ./test.sh, which starts a throwaway PostgreSQL, " +
                "or point it at a server you own."));

    public static string ConnectionString => Connection.Value;

    /// <summary>A schema name no other test uses.</summary>
    public static string UniqueSchema(string prefix = "t") =>
        $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 1 + 20, 63)];

    public static NpgsqlDataSource CreateDataSource(string? applicationName = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString)
        {
            ApplicationName = applicationName ?? "cocreation-tests",
        };
        return NpgsqlDataSource.Create(builder.ConnectionString);
    }
}
