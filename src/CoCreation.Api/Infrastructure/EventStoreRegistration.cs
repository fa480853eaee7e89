using CoCreation.EventStore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CoCreation.Api.Infrastructure;

public static class EventStoreRegistration
{
    public const string ConnectionStringName = "CoCreation";

    /// <summary>
    /// One <see cref="NpgsqlDataSource"/>, the store's options and the store itself, plus the schema
    /// migration at start-up. Call it before registering any other hosted service: hosted services
    /// start in registration order and the others need the tables.
    /// </summary>
    public static IServiceCollection AddEventStore(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not configured. Set it in appsettings or as the " +
                $"environment variable ConnectionStrings__{ConnectionStringName}.");
        }

        services.AddSingleton(provider =>
        {
            var builder = new NpgsqlDataSourceBuilder(connectionString);
            // No session state outlives a pooled connection's use here (settings are "set local", locks and LISTEN use
            // connections outside the pool), so the DISCARD ALL that would run at every return to the pool, several
            // per submission, is pure work for PostgreSQL.
            builder.ConnectionStringBuilder.NoResetOnClose = true;
            builder.UseLoggerFactory(provider.GetRequiredService<ILoggerFactory>());
            return builder.Build();
        });

        // The schema name is validated by the store itself, at the latest when the migrator starts.
        services.AddOptions<EventStoreOptions>().Bind(configuration.GetSection("EventStore"));
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton(provider => new EventStore.EventStore(
            provider.GetRequiredService<NpgsqlDataSource>(),
            provider.GetRequiredService<IOptions<EventStoreOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService<SchemaMigrator>();
        return services;
    }
}
