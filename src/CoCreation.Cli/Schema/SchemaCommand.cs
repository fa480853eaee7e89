using System.CommandLine;
using CoCreation.Cli.Infrastructure;
using CoCreation.EventStore;
using Spectre.Console;

namespace CoCreation.Cli.Schema;

/// <summary><c>schema apply</c>: the migration the API runs at start-up, for operators who want it done beforehand.</summary>
internal static class SchemaCommand
{
    public static Command Create(CliContext context)
    {
        var store = new StoreOptions();
        var apply = new Command("apply", "Creates or upgrades the event store's tables in the schema; does nothing when they are current.");
        apply.SetAction(async (result, cancellationToken) =>
        {
            await using var database = store.Open(result, context.Configuration);
            var before = await Migrations.ReadAsync(database, cancellationToken);
            await EventStoreSchema.ApplyAsync(database.DataSource, database.Schema, cancellationToken);
            var after = await Migrations.ReadAsync(database, cancellationToken);
            foreach (var migration in after.Where(m => !before.Contains(m)))
            {
                context.Console.WriteLine($"Applied migration {migration.Version}: {migration.Description}");
            }
            context.Console.WriteLine($"Schema {database.Schema} is up to date (migration {after.Max(m => m.Version)}).");
            return ExitCodes.Ok;
        });

        var command = new Command("schema", "Manages the event store's PostgreSQL schema.") { apply };
        store.AddTo(command);
        return command;
    }
}
