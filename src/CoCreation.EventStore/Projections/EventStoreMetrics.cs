using System.Diagnostics.Metrics;

namespace CoCreation.EventStore.Projections;

/// <summary>Instruments of the feed and the projection daemon, on the meter <c>CoCreation.EventStore</c>.</summary>
internal static class EventStoreMetrics
{
    public const string MeterName = "CoCreation.EventStore";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> EventsApplied = Meter.CreateCounter<long>(
        "cocreation.projection.events_applied", "{event}", "Events applied by projections.");

    public static readonly Histogram<double> Lag = Meter.CreateHistogram<double>(
        "cocreation.projection.lag", "ms", "Time from an event's append to its application by a projection.");

    public static readonly Counter<long> GapsSkipped = Meter.CreateCounter<long>(
        "cocreation.feed.gaps_skipped", "{sequence}", "Sequence numbers the feed proved will never exist (rolled back).");

    public static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>(
        "cocreation.projection.dead_letters", "{event}", "Events a projection failed on and stepped over.");
}
