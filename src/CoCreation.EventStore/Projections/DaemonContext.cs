using Microsoft.Extensions.Logging;

namespace CoCreation.EventStore.Projections;

/// <summary>What every projection loop of one daemon shares.</summary>
internal sealed record DaemonContext(
    EventStore Store,
    ProjectionDaemonOptions Options,
    Leases Leases,
    Signal Changes,
    Signal Progress,
    ILoggerFactory LoggerFactory)
{
    /// <summary>The one reader of the log the projection loops share.</summary>
    public SharedFeed Feed { get; } = new(Store, Options, Changes);

    public long LeaseKey(string projection) => AdvisoryLocks.KeyFor(Store.Schema, "projection:" + projection);

    /// <summary>Sleeps until a notification, or <paramref name="interval"/>.</summary>
    public Task IdleAsync(Task changed, TimeSpan interval, CancellationToken cancellationToken) =>
        Signal.WaitAsync(changed, interval, cancellationToken);

    public static bool IsStop(Exception e, CancellationToken cancellationToken) =>
        e is OperationCanceledException && cancellationToken.IsCancellationRequested;
}

/// <summary>One projection's loop inside a daemon.</summary>
internal interface IProjectionRunner
{
    string Name { get; }

    ProjectionKind Kind { get; }

    bool IsActive { get; }

    Task RunAsync(CancellationToken cancellationToken);
}
