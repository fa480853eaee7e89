using CoCreation.Flags;
using Npgsql;

namespace CoCreation.Api.Flags;

/// <summary>Finding the answers in bursts with one query, whose result (the flagged positions only) the export then consults.</summary>
/// <remarks>
/// An answer is in a burst when some window of <c>W</c> holds it and at least <c>N</c> answers with its network and
/// the same content. Such a window can always be slid right until it ends at one of its answers <c>e</c>, so the rule
/// is: some answer <c>e</c> of the group lies in <c>[t, t + W]</c> and the group has at least <c>N</c> answers in
/// <c>[t(e) − W, t(e)]</c>. The inner window counts the latter for every answer, the outer looks ahead for one; both
/// share one partition and order, so PostgreSQL sorts once, and only the answers of groups with at least <c>N</c>
/// answers in all (a hash aggregate finds those first), so the sort is small unless much of the crowd is suspect.
/// Times are the events' append times (the server's clock, not the client's). Answers without a network never burst.
/// The result holds one position per flagged answer: memory grows with the flagged answers, not with the export.
/// </remarks>
internal static class BurstSql
{
    /// <summary>
    /// The positions in bursts among <paramref name="answers"/>: a query with columns <c>seq_id</c>, <c>timestamp</c>,
    /// <c>network</c> and <c>answer</c> (text to compare, collated "C") over parameters <c>$1</c>..<c>$n</c>
    /// (<paramref name="parameters"/>).
    /// </summary>
    public static async Task<HashSet<long>> ReadAsync(
        EventStore.EventStore store, string answers, IReadOnlyList<object> parameters, FlagThresholds thresholds, int commandTimeoutSeconds,
        CancellationToken cancellationToken)
    {
        var count = $"${parameters.Count + 1}";
        var window = $"${parameters.Count + 2}";
        await using var command = store.DataSource.CreateCommand(
            $"""
            with answers as materialized ({answers}),
            groups as (select network, answer from answers where network is not null group by network, answer having count(*) >= {count})
            select seq_id from (
                select seq_id, bool_or(n >= {count}) over (
                    partition by network, answer order by timestamp range between current row and {window} following) as hit
                from (
                    select seq_id, timestamp, network, answer, count(*) over (
                        partition by network, answer order by timestamp range between {window} preceding and current row) as n
                    from answers join groups using (network, answer)) counted) windowed
            where hit
            """);
        command.CommandTimeout = commandTimeoutSeconds;
        foreach (var value in parameters) command.Parameters.AddWithValue(value);
        command.Parameters.AddWithValue(thresholds.BurstAnswers);
        command.Parameters.AddWithValue(thresholds.BurstWindow);
        var flagged = new HashSet<long>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) flagged.Add(reader.GetInt64(0));
        }
        catch (Exception e) when (Pricing.Exporting.CurrentAnswers.IsOutage(e))
        {
            throw Pricing.Exporting.CurrentAnswers.Unavailable(e);
        }
        return flagged;
    }
}
