using System.CommandLine;
using CoCreation.Cli.Infrastructure;

namespace CoCreation.Cli.Importing;

/// <summary><c>import</c>: loads answers collected elsewhere (channel partners, offline surveys) straight into the event store.</summary>
internal static class ImportCommand
{
    public static Command Create(CliContext context)
    {
        var store = new StoreOptions();
        var command = new Command("import", "Imports answers collected outside the API (channel partners, offline surveys) from files.")
        {
            ImportPricesCommand.Create(context, store),
        };
        store.AddTo(command);
        return command;
    }
}
