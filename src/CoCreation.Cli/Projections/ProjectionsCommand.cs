using System.CommandLine;
using CoCreation.Cli.Infrastructure;

namespace CoCreation.Cli.Projections;

/// <summary><c>projections</c>: reads and steers the projection daemon through the tables it keeps, without running one.</summary>
internal static class ProjectionsCommand
{
    public static Command Create(CliContext context)
    {
        var store = new StoreOptions();
        var command = new Command("projections", "Shows projection progress and requests rebuilds from the daemon leading each projection.")
        {
            StatusCommand.Create(context, store),
            RebuildCommand.Create(context, store),
        };
        store.AddTo(command);
        return command;
    }
}
