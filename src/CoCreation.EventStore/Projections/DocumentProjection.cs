namespace CoCreation.EventStore.Projections;

/// <summary>
/// A durable projection: handlers per event type that write documents through a
/// <see cref="DocumentSession"/>. One node at a time runs it; each page of events and the projection's
/// progress commit in one transaction, so a crash neither loses nor repeats an event.
/// </summary>
/// <example>
/// <code>
/// public sealed class CampaignList : DocumentProjection
/// {
///     public CampaignList() : base("campaign-list") =>
///         On&lt;CampaignDefined&gt;((session, e, ct) => { session.Store(e.Id, new CampaignRow(e.Id, e.Name)); return Task.CompletedTask; });
/// }
/// </code>
/// </example>
public abstract class DocumentProjection
{
    private readonly Dictionary<Type, Func<DocumentSession, RecordedEvent, CancellationToken, Task>> _handlers = [];

    /// <summary>Creates the projection; <paramref name="name"/> keys its progress and tags its documents.</summary>
    protected DocumentProjection(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The projection's unique name (also used by live projections' namespace: keep them distinct).</summary>
    public string Name { get; }

    /// <summary>Handles events of type <typeparamref name="TEvent"/>.</summary>
    protected void On<TEvent>(Func<DocumentSession, TEvent, CancellationToken, Task> handler) where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers[typeof(TEvent)] = (session, e, ct) => handler(session, (TEvent)e.Data, ct);
    }

    /// <summary>Handles events of type <typeparamref name="TEvent"/>, with their envelope (sequence, stream, metadata).</summary>
    protected void On<TEvent>(Func<DocumentSession, TEvent, RecordedEvent, CancellationToken, Task> handler) where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers[typeof(TEvent)] = (session, e, ct) => handler(session, (TEvent)e.Data, e, ct);
    }

    internal bool Handles(RecordedEvent e) => _handlers.ContainsKey(e.Data.GetType());

    internal Task ApplyAsync(DocumentSession session, RecordedEvent e, CancellationToken cancellationToken) =>
        _handlers[e.Data.GetType()](session, e, cancellationToken);
}
