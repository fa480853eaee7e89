using CoCreation.Testing;

namespace CoCreation.EventStore.Tests.Schema;

public sealed class SchemaTests
{
    [Fact]
    public async Task applying_the_schema_again_and_from_many_nodes_at_once_changes_nothing()
    {
        await using var dataSource = TestDatabase.CreateDataSource();
        var schema = TestDatabase.UniqueSchema("schema");
        try
        {
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => EventStoreSchema.ApplyAsync(dataSource, schema)));
            await EventStoreSchema.ApplyAsync(dataSource, schema);

            await using var command = dataSource.CreateCommand($"select count(*), count(distinct version) from {schema}.schema_migrations");
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.Equal(reader.GetInt64(1), reader.GetInt64(0));
            Assert.Equal(Migrations.All.Count, reader.GetInt64(0));
        }
        finally
        {
            await EventStoreSchema.DropAsync(dataSource, schema);
        }
    }

    [Theory]
    [InlineData("Bad")]
    [InlineData("x;drop table y")]
    [InlineData("")]
    [InlineData("1abc")]
    public async Task an_unsafe_schema_name_is_refused(string schema)
    {
        await using var dataSource = TestDatabase.CreateDataSource();
        await Assert.ThrowsAsync<ArgumentException>(() => EventStoreSchema.ApplyAsync(dataSource, schema));
    }
}
