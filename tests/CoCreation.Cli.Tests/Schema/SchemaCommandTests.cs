using CoCreation.EventStore;
using CoCreation.Testing;

namespace CoCreation.Cli.Tests.Schema;

public sealed class SchemaCommandTests
{
    [Fact]
    public async Task applying_the_schema_twice_creates_the_tables_once_and_then_changes_nothing()
    {
        var schema = TestDatabase.UniqueSchema("cli");
        await using var dataSource = TestDatabase.CreateDataSource();
        try
        {
            var first = await CliRun.RunAsync(CliRun.Database(), "schema", "apply", "--schema", schema);
            var second = await CliRun.RunAsync(CliRun.Database(), "schema", "apply", "--schema", schema);

            Assert.True(first.ExitCode == 0, first.ToString());
            Assert.True(second.ExitCode == 0, second.ToString());
            Assert.Contains("Applied migration 1", first.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Applied migration", second.Output, StringComparison.Ordinal);
            Assert.Contains($"Schema {schema} is up to date", second.Output, StringComparison.Ordinal);
            await using var command = dataSource.CreateCommand("select to_regclass($1) is not null and to_regclass($2) is not null");
            command.Parameters.AddWithValue($"{schema}.events");
            command.Parameters.AddWithValue($"{schema}.progression");
            Assert.True((bool)(await command.ExecuteScalarAsync())!);
        }
        finally
        {
            await EventStoreSchema.DropAsync(dataSource, schema);
        }
    }

    [Fact]
    public async Task the_schema_comes_from_configuration_when_no_option_is_given()
    {
        var schema = TestDatabase.UniqueSchema("cli");
        await using var dataSource = TestDatabase.CreateDataSource();
        try
        {
            var result = await CliRun.RunAsync(CliRun.Database(schema), "schema", "apply");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains($"Schema {schema} is up to date", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            await EventStoreSchema.DropAsync(dataSource, schema);
        }
    }

    [Fact]
    public async Task an_invalid_schema_name_is_a_usage_error_and_touches_nothing()
    {
        var result = await CliRun.RunAsync(CliRun.Database(), "schema", "apply", "--schema", "Robert'); drop table x;--");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a valid schema name", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_missing_connection_string_says_which_setting_to_set()
    {
        var result = await CliRun.RunAsync(CliRun.Settings(), "schema", "apply");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ConnectionStrings__CoCreation", result.Error, StringComparison.Ordinal);
    }
}
