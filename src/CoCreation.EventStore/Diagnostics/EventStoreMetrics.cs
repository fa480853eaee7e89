using System.Diagnostics.Metrics;

namespace CoCreation.EventStore;

/// <summary>Instruments of the store, the feed and the projection daemon, on the <c>CoCreation.EventStore</c> meter.</summary>
internal static class EventStoreMetrics
{
    public const string MeterName = "CoCreation.EventStore";

    public static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Appends = Meter.CreateCounter<long>("cocreation.eventstore.appends", description: "Appends committed (including idempotent replays).");

    public static readonly Counter<long> EventsAppended = Meter.CreateCounter<long>("cocreation.eventstore.events_appended", description: "Events written to the log.");

    public static readonly Counter<long> AppendFailures = Meter.CreateCounter<long>("cocreation.eventstore.append_failures", description: "Appends refused (concurrency, idempotency reuse, busy, unavailable).");

    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("cocreation.eventstore.batch_size", unit: "{append}", description: "Appends per group-commit transaction.");

    public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>("cocreation.eventstore.commit_duration", unit: "ms", description: "Time to commit one group-commit transaction.");

    public static readonly Counter<long> EventsApplied = Meter.CreateCounter<long>("cocreation.projection.events_applied", "{event}", "Events applied by projections.");

    public static readonly Histogram<double> Lag = Meter.CreateHistogram<double>("cocreation.projection.lag", "ms", "Time from an event's append to its application by a projection.");

    public static readonly Counter<long> GapsSkipped = Meter.CreateCounter<long>("cocreation.feed.gaps_skipped", "{sequence}", "Sequence numbers the feed proved will never exist (rolled back).");

    public static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>("cocreation.projection.dead_letters", "{event}", "Events a projection failed on and stepped over.");
}
