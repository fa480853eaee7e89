namespace CoCreation.Api.Flags;

/// <summary>
/// Finding bursts in the log with two window passes in PostgreSQL, so the export never holds more than one row.
/// </summary>
/// <remarks>
/// An answer is in a burst when some window of <c>W</c> holds it and at least <c>N</c> answers with its network and
/// the same content. Such a window can always be slid right until it ends at one of its answers <c>e</c>, so the rule
/// is: some answer <c>e</c> of the group lies in <c>[t, t + W]</c> and the group has at least <c>N</c> answers in
/// <c>[t(e) − W, t(e)]</c>. The inner window counts the latter for every answer, the outer looks ahead for one. Both
/// use the same partition and order, so PostgreSQL sorts the item's answers with a network once. Times are the
/// events' append times (the server's clock, not the client's). Answers without a network never burst.
/// </remarks>
internal static class BurstSql
{
    /// <summary>
    /// A query of the <c>seq_id</c>s in bursts among <paramref name="answers"/>: a query with columns <c>seq_id</c>,
    /// <c>timestamp</c>, <c>network</c> and <c>answer</c> (text to compare); <paramref name="count"/> and
    /// <paramref name="window"/> name its parameters (an integer and an interval).
    /// </summary>
    public static string InBursts(string answers, string count, string window) =>
        $"""
        select seq_id from (
            select seq_id, bool_or(n >= {count}) over (
                partition by network, answer order by timestamp range between current row and {window} following) as hit
            from (
                select seq_id, timestamp, network, answer, count(*) over (
                    partition by network, answer order by timestamp range between {window} preceding and current row) as n
                from ({answers}) answers
                where network is not null) counted) windowed
        where hit
        """;
}
