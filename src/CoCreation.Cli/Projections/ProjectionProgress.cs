namespace CoCreation.Cli.Projections;

/// <summary>
/// A projection's row in <c>progression</c> with the log's head. For a live projection the position is
/// that of its latest snapshot (nodes hold their own, newer, positions in memory).
/// </summary>
internal sealed record ProjectionProgress(
    string Name,
    long Position,
    long Head,
    int Generation,
    DateTimeOffset LastUpdated,
    long DeadLetters,
    bool RebuildRequested)
{
    public long Lag => Math.Max(0, Head - Position);
}
