using CoCreation.EventStore.Projections;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CoCreation.Cli.Infrastructure;
using Spectre.Console;

namespace CoCreation.Cli.Projections;

/// <summary><c>projections status</c>: every projection a daemon has run in the schema, with its lag and health.</summary>
internal static class StatusCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create(CliContext context, StoreOptions store)
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table" };
        var command = new Command("status", "Shows each projection's position, the log's head, lag, generation, last update, dead letters and pending rebuilds.")
        {
            json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var database = store.Open(result, context.Configuration);
            var rows = await ProjectionAdmin.ReadProgressAsync(database.Store, cancellationToken);
            if (result.GetValue(json))
            {
                await context.Output.WriteLineAsync(JsonSerializer.Serialize(rows, Json).AsMemory(), cancellationToken);
            }
            else if (rows.Count == 0)
            {
                context.Console.WriteLine($"No projection has run in schema {database.Schema} yet.");
            }
            else
            {
                context.Console.Write(Table(rows, database.Schema));
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Table Table(IReadOnlyList<ProjectionProgress> rows, string schema)
    {
        var table = new Table()
            .AddColumn(new TableColumn("Projection").NoWrap())
            .AddColumn(new TableColumn("Position").RightAligned())
            .AddColumn(new TableColumn("Head").RightAligned())
            .AddColumn(new TableColumn("Lag").RightAligned())
            .AddColumn(new TableColumn("Generation").RightAligned())
            .AddColumn(new TableColumn("Last updated (UTC)").NoWrap())
            .AddColumn(new TableColumn("Dead letters").RightAligned())
            .AddColumn("Rebuild requested")
            .Caption($"schema {schema}; a live projection's position is its latest snapshot");
        foreach (var row in rows)
        {
            table.AddRow(
                Markup.Escape(row.Name),
                Number(row.Position),
                Number(row.Head),
                row.Lag == 0 ? "0" : $"[yellow]{Number(row.Lag)}[/]",
                Number(row.Generation),
                row.LastUpdated.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                row.DeadLetters == 0 ? "0" : $"[red]{Number(row.DeadLetters)}[/]",
                row.RebuildRequested ? "[yellow]yes[/]" : "no");
        }
        return table;
    }

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
