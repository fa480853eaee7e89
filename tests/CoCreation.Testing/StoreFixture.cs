using Xunit;
using CoCreation.EventStore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CoCreation.Testing;

/// <summary>
/// An event store in a schema of its own, created for one test class and dropped afterwards, so
/// tests never see each other's events.
/// </summary>
public sealed class StoreFixture : IAsyncLifetime
{
    public string Schema { get; } = TestDatabase.UniqueSchema("es");

    public NpgsqlDataSource DataSource { get; } = TestDatabase.CreateDataSource();

    public EventStoreOptions Options { get; private set; } = null!;

    public EventStore.EventStore Store { get; private set; } = null!;

    /// <summary>Another store over the same schema, as a second API node would have.</summary>
    public EventStore.EventStore CreateStore(Action<EventStoreOptions>? configure = null)
    {
        var options = new EventStoreOptions { Schema = Schema };
        configure?.Invoke(options);
        return new EventStore.EventStore(DataSource, Microsoft.Extensions.Options.Options.Create(options));
    }

    public async Task InitializeAsync()
    {
        await EventStoreSchema.ApplyAsync(DataSource, Schema);
        Store = CreateStore();
        Options = Store.Options;
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await EventStoreSchema.DropAsync(DataSource, Schema);
        await DataSource.DisposeAsync();
    }
}
