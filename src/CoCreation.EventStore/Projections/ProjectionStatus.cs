namespace CoCreation.EventStore.Projections;

/// <summary>Whether a projection writes documents (one node) or lives in memory (every node).</summary>
public enum ProjectionKind
{
    /// <summary>A <see cref="DocumentProjection"/>.</summary>
    Document,

    /// <summary>An <see cref="ILiveProjection"/>.</summary>
    Live,
}

/// <summary>Where a projection stands, as seen from this node.</summary>
/// <param name="Name">The projection's name.</param>
/// <param name="Kind">Durable or live.</param>
/// <param name="Position">Last sequence applied (durable: committed by whichever node leads; live: in this node's memory).</param>
/// <param name="Head">Highest committed sequence in the log.</param>
/// <param name="IsActive">True when this node leads the projection (runs it, or writes its snapshots).</param>
/// <param name="Generation">Bumped by every rebuild.</param>
/// <param name="LastAppliedAt">When progress last moved, if ever.</param>
/// <param name="DeadLetters">Events the projection failed on and stepped over.</param>
public sealed record ProjectionStatus(
    string Name,
    ProjectionKind Kind,
    long Position,
    long Head,
    bool IsActive,
    int Generation,
    DateTimeOffset? LastAppliedAt,
    long DeadLetters)
{
    /// <summary>How many sequence numbers the projection is behind the head.</summary>
    public long Lag => Math.Max(0, Head - Position);
}
