using System.CommandLine;
using CoCreation.EventStore;
using CoCreation.Pricing;
using Microsoft.Extensions.Configuration;

namespace CoCreation.Cli.Infrastructure;

/// <summary>
/// <c>--connection</c> and <c>--schema</c>, which override the API's settings
/// <c>ConnectionStrings:CoCreation</c> and <c>EventStore:Schema</c>.
/// </summary>
internal sealed class StoreOptions
{
    public const string ConnectionStringName = "CoCreation";

    public Option<string> Connection { get; } = new("--connection")
    {
        Description = "PostgreSQL connection string (default: ConnectionStrings:CoCreation, e.g. from ConnectionStrings__CoCreation)",
        HelpName = "string",
        Recursive = true,
    };

    public Option<string> Schema { get; } = new("--schema")
    {
        Description = "PostgreSQL schema of the event store (default: EventStore:Schema, else cocreation)",
        HelpName = "name",
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        command.Add(Connection);
        command.Add(Schema);
    }

    public Database Open(ParseResult result, IConfiguration configuration)
    {
        var connectionString = result.GetValue(Connection) ?? configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new CliException(ExitCodes.Usage,
                $"No database is configured: set ConnectionStrings__{ConnectionStringName} (or ConnectionStrings:{ConnectionStringName} " +
                "in ./appsettings.json), or pass --connection.");
        }

        // Bound like the API binds it, so both agree on the schema and the notification channel.
        var options = new EventStoreOptions();
        configuration.GetSection("EventStore").Bind(options);
        if (result.GetValue(Schema) is { } schema) options.Schema = schema;
        foreach (var (type, name) in PricingEventNames.All) options.Events.Add(type, name);
        return Database.Open(connectionString, options);
    }
}
