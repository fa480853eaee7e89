using System.CommandLine;
using System.CommandLine.Invocation;
using CoCreation.Cli.Importing;
using CoCreation.Cli.Infrastructure;
using CoCreation.Cli.Projections;
using CoCreation.Cli.Schema;
using CoCreation.Cli.Tokens;
using CoCreation.EventStore;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace CoCreation.Cli;

/// <summary>The <c>cocreation</c> command-line tool, run from <c>Program</c> or in-process by tests.</summary>
public static class Cli
{
    /// <summary>Runs with the configuration the API would see here: ./appsettings.json, then environment variables.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        RunAsync(args, output, error, CliConfiguration.Build(Directory.GetCurrentDirectory()), cancellationToken);

    /// <summary>Runs with the given configuration; command-line options still override it.</summary>
    public static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter error, IConfiguration configuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(configuration);

        var context = new CliContext(configuration, output);
        var root = new RootCommand("Operates CoCreation: mints participant tokens, shows and rebuilds projections, applies the schema, imports answers.")
        {
            TokenCommand.Create(context),
            ProjectionsCommand.Create(context),
            SchemaCommand.Create(context),
            ImportCommand.Create(context),
        };

        var parsed = root.Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            foreach (var parseError in parsed.Errors) await error.WriteLineAsync(parseError.Message);
            await error.WriteLineAsync("Run 'cocreation --help' (or '<command> --help') for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parsed.InvokeAsync(
                new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false },
                cancellationToken);
        }
        catch (CliException e)
        {
            await error.WriteLineAsync(e.Message);
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("Cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            await error.WriteLineAsync(
                $"The event store's tables are missing ({e.MessageText}). Apply the schema with 'cocreation schema apply' or start the API once.");
            return ExitCodes.Failed;
        }
        catch (PostgresException e)
        {
            await error.WriteLineAsync($"PostgreSQL refused the command: {e.MessageText}");
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is NpgsqlException or EventStoreUnavailableException)
        {
            await error.WriteLineAsync($"Cannot reach PostgreSQL: {e.Message}");
            return ExitCodes.Failed;
        }
    }
}
