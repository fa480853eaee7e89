using CoCreation.EventStore.Projections;
using Microsoft.Extensions.Options;

namespace CoCreation.Cli.Tests.Projections;

public sealed record Tallied(int N);

public sealed record StreamTally(string Id, int Count, long Sum);

/// <summary>A small durable projection: per stream, how many events and their sum.</summary>
public sealed class Tally : DocumentProjection
{
    public Tally(string name) : base(name) =>
        On<Tallied>(async (session, e, envelope, ct) =>
        {
            var current = await session.LoadAsync<StreamTally>(envelope.StreamId, ct) ?? new StreamTally(envelope.StreamId, 0, 0);
            session.Store(envelope.StreamId, current with { Count = current.Count + 1, Sum = current.Sum + e.N });
        });
}

/// <summary>A real daemon over the test schema, polling fast, for the CLI to observe and steer.</summary>
public sealed class RunningDaemon : IAsyncDisposable
{
    private RunningDaemon(ProjectionDaemon daemon) => Daemon = daemon;

    public ProjectionDaemon Daemon { get; }

    public static async Task<RunningDaemon> StartAsync(EventStore.EventStore store, params DocumentProjection[] projections)
    {
        var daemon = new ProjectionDaemon(store, projections, [], Options.Create(new ProjectionDaemonOptions
        {
            PageSize = 50,
            IdlePollInterval = TimeSpan.FromMilliseconds(200),
            StandbyRetryInterval = TimeSpan.FromMilliseconds(200),
            LeaseCheckInterval = TimeSpan.FromMilliseconds(200),
            RetryDelay = TimeSpan.FromMilliseconds(200),
        }));
        await daemon.StartAsync(CancellationToken.None);
        return new RunningDaemon(daemon);
    }

    public async Task CatchUpAsync(string projection, long sequence) =>
        Assert.True(await Daemon.WaitForPositionAsync(projection, sequence, TimeSpan.FromSeconds(60)), $"{projection} did not reach {sequence}");

    public async ValueTask DisposeAsync()
    {
        await Daemon.StopAsync(CancellationToken.None);
        Daemon.Dispose();
    }
}

public static class Tallies
{
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    /// <summary>Appends <paramref name="perStream"/> events to each of <paramref name="streams"/> streams named after the projection; returns the last sequence.</summary>
    public static async Task<long> AppendAsync(EventStore.EventStore store, string projection, int streams, int perStream)
    {
        long last = 0;
        for (var s = 0; s < streams; s++)
        {
            var events = Enumerable.Range(1, perStream).Select(n => (object)new Tallied(n)).ToArray();
            last = Math.Max(last, (await store.AppendAsync($"{projection}-s{s}", events)).LastSequence);
        }
        return last;
    }
}
