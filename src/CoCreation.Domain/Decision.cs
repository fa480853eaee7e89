namespace CoCreation;

/// <summary>
/// What a command decides against its state: the events to append (none when it changes nothing), or why
/// the state refuses it (a conflict with what already happened, answered 409).
/// </summary>
public sealed record Decision(IReadOnlyList<object> Events, string? Conflict = null)
{
    public static Decision Nothing { get; } = new([]);

    public bool IsRefused => Conflict is not null;

    public static Decision Append(params object[] events) => new(events);

    public static Decision Refuse(string conflict) => new([], conflict);
}
