using System.Text.Json;

namespace CoCreation.EventStore;

/// <summary>Configuration of the event store: its PostgreSQL schema, event types, and the group-commit writer.</summary>
public sealed class EventStoreOptions
{
    /// <summary>The PostgreSQL schema that holds every table of the store; tests isolate by using a unique one.</summary>
    public string Schema { get; set; } = "cocreation";

    /// <summary>How concurrent appends are coalesced into shared transactions.</summary>
    public GroupCommitOptions GroupCommit { get; set; } = new();

    /// <summary>The map between CLR event types and the names stored in the <c>type</c> column.</summary>
    public EventTypeRegistry Events { get; } = new();

    /// <summary>Serializer settings for event data (camelCase web defaults).</summary>
    public JsonSerializerOptions Json { get; set; } = new(JsonSerializerDefaults.Web);

    /// <summary>The LISTEN/NOTIFY channel the store signals after each commit.</summary>
    public string NotificationChannel => $"{Schema}_events";
}

/// <summary>Bounds of the group-commit writer.</summary>
public sealed class GroupCommitOptions
{
    /// <summary>Most appends committed in one transaction.</summary>
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>How long a writer waits for more appends after the first one arrives.</summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Appends that may wait for a writer; past this <see cref="EventStoreBusyException"/> is thrown.</summary>
    public int MaxQueueLength { get; set; } = 20_000;

    /// <summary>Transactions in flight at once (each on its own connection).</summary>
    public int Writers { get; set; } = 4;
}
