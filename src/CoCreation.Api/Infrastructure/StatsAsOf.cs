namespace CoCreation.Api.Infrastructure;

/// <summary>The last event a live read includes (of its item, question or contest): its global sequence and when it was appended.</summary>
public sealed record StatsAsOf(long Sequence, DateTimeOffset Timestamp);
