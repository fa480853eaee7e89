using CoCreation.EventStore.Projections;
using System.CommandLine;
using CoCreation.Cli.Infrastructure;
using Spectre.Console;

namespace CoCreation.Cli.Projections;

/// <summary>
/// <c>projections rebuild</c>: asks whichever node leads the projection to rebuild it, then follows the rebuild
/// until the projection's generation has moved and its position has passed the head seen when asking.
/// </summary>
internal static class RebuildCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static Command Create(CliContext context, StoreOptions store)
    {
        var name = new Argument<string>("name") { Description = "The projection to rebuild (see 'projections status')" };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the rebuild is requested" };
        var timeout = Duration.Option("--timeout", "10m", "How long to wait for the rebuild to finish");
        var command = new Command("rebuild",
            "Rebuilds a projection from the start of the log, carried out by the daemon leading it on an API node. " +
            "A live projection shows progress as its leader takes snapshots (by default every minute).")
        {
            name,
            noWait,
            timeout,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var projection = result.GetRequiredValue(name);
            await using var database = store.Open(result, context.Configuration);
            var before = await ProjectionAdmin.RequestRebuildAsync(database.Store, projection, createIfMissing: false, cancellationToken)
                ?? throw await UnknownAsync(database, projection, cancellationToken);

            if (result.GetValue(noWait))
            {
                context.Console.WriteLine(
                    $"Requested a rebuild of {projection} (generation {before.Generation}, head {before.Head}); " +
                    "the daemon leading it carries it out. Follow it with 'cocreation projections status'.");
                return ExitCodes.Ok;
            }

            var after = await FollowAsync(context.Console, database, before, result.GetValue(timeout), cancellationToken);
            context.Console.WriteLine(
                $"Rebuilt {projection}: generation {after.Generation}, position {after.Position} (head {before.Head} when asked).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<CliException> UnknownAsync(Database database, string projection, CancellationToken cancellationToken)
    {
        var known = (await ProjectionAdmin.ReadProgressAsync(database.Store, cancellationToken)).Select(p => p.Name).ToList();
        var names = known.Count == 0 ? "none yet (a projection is known once a daemon has run it)" : string.Join(", ", known);
        return new CliException(ExitCodes.Usage, $"No projection named '{projection}' in schema {database.Schema}. Known projections: {names}.");
    }

    /// <summary>Polls progress under a progress bar until the rebuild is done; throws when <paramref name="timeout"/> passes first.</summary>
    private static async Task<ProjectionProgress> FollowAsync(
        IAnsiConsole console, Database database, ProjectionProgress before, Duration timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout.Value);
        var latest = before;
        try
        {
            return await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(async progress =>
                {
                    // A head of 0 (an empty log) still needs a bar that can be full.
                    var task = progress.AddTask(Markup.Escape($"Waiting for a daemon to rebuild {before.Name}"), maxValue: Math.Max(before.Head, 1));
                    using var timer = new PeriodicTimer(PollInterval);
                    while (true)
                    {
                        latest = await ProjectionAdmin.ReadProgressAsync(database.Store, before.Name, deadline.Token)
                            ?? throw new CliException(ExitCodes.Failed, $"The projection {before.Name} disappeared while rebuilding.");
                        var started = latest.Generation > before.Generation;
                        if (started)
                        {
                            task.Description = Markup.Escape($"Rebuilding {before.Name} (generation {latest.Generation})");
                            task.Value = Math.Min(latest.Position, task.MaxValue);
                        }
                        if (started && latest.Position >= before.Head)
                        {
                            task.Value = task.MaxValue;
                            task.StopTask();
                            return latest;
                        }
                        await timer.WaitForNextTickAsync(deadline.Token);
                    }
                });
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Failed, latest.Generation > before.Generation
                ? $"The rebuild of {before.Name} reached position {latest.Position} of {before.Head} within {timeout}; it goes on in the daemon."
                : $"No daemon took up the rebuild of {before.Name} within {timeout}: is an API node running on schema {database.Schema}? " +
                  "The request stays pending until one does.");
        }
    }
}
