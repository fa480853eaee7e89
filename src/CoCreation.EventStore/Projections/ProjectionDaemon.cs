using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CoCreation.EventStore.Projections;

/// <summary>
/// Runs projections on this node. Durable <see cref="DocumentProjection"/>s run on one node at a time
/// (the holder of their advisory-lock lease; other nodes stand by and take over when it goes away).
/// <see cref="ILiveProjection"/>s run on every node; the lease holder also writes their snapshots.
/// All loops wake on the store's LISTEN channel and poll as a fallback.
/// </summary>
/// <remarks>
/// A hosted service; without a host call <see cref="BackgroundService.StartAsync"/> and
/// <see cref="BackgroundService.StopAsync"/> (tests run two daemons over one schema to play two nodes).
/// </remarks>
public sealed class ProjectionDaemon : BackgroundService
{
    private readonly EventStore _store;
    private readonly ILogger _logger;
    private readonly DaemonContext _context;
    private readonly ChangeListener _listener;
    private readonly IReadOnlyList<IProjectionRunner> _runners;

    /// <summary>Creates a daemon for the given projections (names must be unique across both kinds).</summary>
    public ProjectionDaemon(
        EventStore store,
        IEnumerable<DocumentProjection> documentProjections,
        IEnumerable<ILiveProjection> liveProjections,
        IOptions<ProjectionDaemonOptions> options,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(documentProjections);
        ArgumentNullException.ThrowIfNull(liveProjections);
        ArgumentNullException.ThrowIfNull(options);
        loggerFactory ??= NullLoggerFactory.Instance;
        _store = store;
        _logger = loggerFactory.CreateLogger<ProjectionDaemon>();
        var settings = options.Value;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.PageSize);
        _listener = new ChangeListener(store, settings, _logger);
        _context = new DaemonContext(
            store, settings, new Leases(store.DataSource, settings, _logger), _listener.Changes, new Signal(), loggerFactory);
        _runners =
        [
            .. documentProjections.Select(p => (IProjectionRunner)new DocumentProjectionRunner(_context, p)),
            .. liveProjections.Select(p => (IProjectionRunner)new LiveProjectionRunner(_context, p)),
        ];
        if (_runners.GroupBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new ArgumentException($"Two projections are named '{duplicate.Key}'.", nameof(documentProjections));
        }
    }

    /// <summary>The names of the projections this daemon runs.</summary>
    public IReadOnlyList<string> Projections => [.. _runners.Select(r => r.Name)];

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _logger.LogInformation("Projection daemon starts {Count} projections on schema {Schema}", _runners.Count, _store.Schema);
        try
        {
            await Task.WhenAll([
                _listener.RunAsync(stoppingToken),
                LeaseMonitorAsync(stoppingToken),
                .. _runners.Select(r => Task.Run(() => r.RunAsync(stoppingToken), CancellationToken.None)),
            ]);
        }
        finally
        {
            // Closing the lock connection releases every lease at once, so a standby can take over.
            await _context.Leases.DisposeAsync();
        }
    }

    private async Task LeaseMonitorAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _context.Leases.MonitorAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// Asks for <paramref name="projection"/> to be rebuilt from the start of the log. The node leading it
    /// carries it out on its next iteration: durable documents are deleted and replayed; live projections
    /// move to a new generation, which every node notices and replays.
    /// </summary>
    public async Task RequestRebuildAsync(string projection, CancellationToken cancellationToken = default)
    {
        RunnerOf(projection);
        await ProjectionAdmin.RequestRebuildAsync(_store, projection, createIfMissing: true, cancellationToken);
    }

    /// <summary>Where each projection stands, for readiness checks and an admin view.</summary>
    public async Task<IReadOnlyList<ProjectionStatus>> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var rows = (await ProjectionAdmin.ReadProgressAsync(_store, cancellationToken)).ToDictionary(r => r.Name, StringComparer.Ordinal);
        var head = rows.Count > 0 ? rows.Values.First().Head : await _store.ReadHeadSequenceAsync(cancellationToken);
        return [.. _runners.Select(r =>
        {
            var row = rows.GetValueOrDefault(r.Name);
            return r is LiveProjectionRunner live
                ? new ProjectionStatus(r.Name, r.Kind, live.Position, head, r.IsActive, live.Generation, live.LastAppliedAt, row?.DeadLetters ?? 0)
                : new ProjectionStatus(r.Name, r.Kind, row?.Position ?? 0, head, r.IsActive, row?.Generation ?? 0, row?.LastUpdated, row?.DeadLetters ?? 0);
        })];
    }

    /// <summary>
    /// Waits until <paramref name="projection"/> (or every projection, when null) has applied the log up to
    /// <paramref name="sequence"/>: durable ones as committed by whichever node leads them, live ones in
    /// this node's memory. False when <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task<bool> WaitForPositionAsync(string? projection, long sequence, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var runners = projection is null ? _runners : [RunnerOf(projection)];
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var progressed = _context.Progress.Next;
                var statuses = await GetStatusAsync(deadline.Token);
                if (statuses.Where(s => runners.Any(r => r.Name == s.Name)).All(s => s.Position >= sequence)) return true;
                // Durable progress may be made by another node, which does not pulse this one: poll too.
                await Signal.WaitAsync(progressed, TimeSpan.FromMilliseconds(100), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private IProjectionRunner RunnerOf(string projection) =>
        _runners.FirstOrDefault(r => string.Equals(r.Name, projection, StringComparison.Ordinal))
        ?? throw new ArgumentException($"No projection named '{projection}' runs in this daemon.", nameof(projection));
}
