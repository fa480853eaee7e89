using CoCreation.Api.Flags;
using CoCreation.Api.Infrastructure;
using System.Runtime.CompilerServices;
using CoCreation.Api.Pricing.Statistics;
using CoCreation.EventStore;
using CoCreation.Pricing;
using CoCreation.Flags;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CoCreation.Api.Pricing.Exporting;

/// <summary>
/// A person's current answer as the export reads it: the fields of their latest <see cref="PriceSubmitted"/>, and
/// its abuse signals and flags (<see cref="Flagged"/>), and whether a guest gave it (the event's metadata actor says so).
/// </summary>
internal readonly record struct CurrentSubmission(
    long Sequence, DateTimeOffset SubmittedAt, Guid ParticipantId, string Channel,
    long? Price, long? TooCheap, long? Cheap, long? Expensive, long? TooExpensive,
    int? LikelihoodAtCheap, int? LikelihoodAtExpensive, string? Region, string? AgeBand, bool Guest,
    Flagged Flagged);

/// <summary>
/// An item as of a log position: its definition then, the position from which answers count (the last change of grid
/// or mode, which starts the statistics over), and the last definition event, for the stats' <c>asOf</c>.
/// </summary>
internal sealed record ItemAsOf(PricingItem Item, long AnswersAfter, StatsAsOf Defined)
{
    public static async Task<ItemAsOf?> LoadAsync(EventStore.EventStore store, string campaignId, string itemId, long asOf, CancellationToken cancellationToken)
    {
        var events = await store.ReadStreamAsync(PricingItem.StreamId(campaignId, itemId), cancellationToken: cancellationToken);
        PricingItem? item = null;
        long answersAfter = 0;
        StatsAsOf? defined = null;
        foreach (var e in events.Where(e => e.Sequence <= asOf))
        {
            var before = item;
            item = PricingItem.Evolve(item, e.Data);
            if (e.Data is not (PricingItemDefined or PricingItemUpdated)) continue;
            defined = new StatsAsOf(e.Sequence, e.Timestamp);
            if (before is not null && (before.Grid != item!.Grid || before.Mode != item.Mode)) answersAfter = e.Sequence;
        }
        return item is null ? null : new ItemAsOf(item, answersAfter, defined!);
    }
}

/// <summary>
/// Reads each person's current answer to an item as of a log position straight from the events table, one row at a
/// time, so an export of millions of answers holds one row in memory.
/// </summary>
/// <remarks>
/// The position must be at or below a gap-safe position (see <see cref="ExportEndpoint"/>): then every event up to it
/// is committed, the log is append-only, and the same query always returns the same rows. Submission streams are
/// <c>price/{campaign}/{item}/{participant}</c>, one per person and item (<see cref="PricingItem.SubmissionStreamPrefix"/>);
/// the prefix lets PostgreSQL narrow the scan (a range of the unique <c>(stream_id, version)</c> index under the C
/// collation, when it picks it), and the event's own campaign and item ids are checked as well. PostgreSQL may sort the item's submissions for <c>distinct on</c>
/// (spilling to disk past <c>work_mem</c>); the API holds one row at a time either way.
/// <para>
/// The flags come from the same query: a person's replacements are their stream's version less one (a submission
/// stream holds only their answers to the item, numbered from 1) less those before <see cref="ItemAsOf.AnswersAfter"/>;
/// bursts come from a query of their own run first (<see cref="BurstSql"/>), only when the export asks for flags,
/// and are looked up by position as the rows stream.
/// </para>
/// </remarks>
internal sealed class CurrentAnswers(EventStore.EventStore store, IOptions<FlagOptions> flagOptions)
{
    private const string SubmittedType = "price-submitted";

    // An export of millions of rows may take minutes; the client's disconnect cancels it.
    private const int CommandTimeoutSeconds = 600;

    // Identical answers: every answer field, in a fixed order (concat_ws skips nulls; within one mode the fields
    // present are always the same ones, apart from the optional likelihoods, which come as a pair).
    private const string AnswerText =
        "concat_ws('|', data->>'price', data->>'tooCheap', data->>'cheap', data->>'expensive', data->>'tooExpensive', data->>'likelihoodAtCheap', data->>'likelihoodAtExpensive')";

    /// <summary>Each person's current answer; with <paramref name="withFlags"/> false no burst is looked for and no answer is flagged.</summary>
    /// <param name="exclude">Answers carrying any of these flags are left out (of the file, never the log).</param>
    public async IAsyncEnumerable<CurrentSubmission> ReadAsync(
        ItemAsOf item, long asOf, bool withFlags, AnswerFlags exclude, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        withFlags |= exclude != AnswerFlags.None;
        var thresholds = flagOptions.Value.ForPrices(item.Item.Mode);
        var submissions = $"{store.Schema}.events where stream_id like $1 and type = '{SubmittedType}' and data->>'campaignId' = $2 and data->>'itemId' = $3 and seq_id <= $4";
        var bursts = withFlags
            ? await BurstSql.ReadAsync(store,
                $"select seq_id, timestamp, data->>'network' collate \"C\" as network, {AnswerText} collate \"C\" as answer from {submissions} and seq_id > $5",
                [StreamPrefix(item), item.Item.CampaignId, item.Item.ItemId, asOf, item.AnswersAfter], thresholds, CommandTimeoutSeconds, cancellationToken)
            : [];
        await using var command = Command(
            $"""
            select seq_id, timestamp, (data->>'participantId')::uuid, data->>'channel',
                (data->>'price')::bigint, (data->>'tooCheap')::bigint, (data->>'cheap')::bigint, (data->>'expensive')::bigint,
                (data->>'tooExpensive')::bigint, (data->>'likelihoodAtCheap')::int, (data->>'likelihoodAtExpensive')::int,
                data->>'region', data->>'ageBand', (data->>'dwellMs')::int, data->>'network',
                version - 1 - case when $5 = 0 then 0 else (
                    select count(*) from {store.Schema}.events earlier where earlier.stream_id = current.stream_id and earlier.seq_id <= $5) end,
                coalesce(starts_with(actor, 'guest:'), false)
            from (
                select distinct on (stream_id) seq_id, stream_id, version, timestamp, data, actor from {submissions}
                order by stream_id desc, version desc) current
            where seq_id > $5
            """, item, asOf);
        NpgsqlDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(cancellationToken);
        }
        catch (Exception e) when (IsOutage(e))
        {
            throw Unavailable(e);
        }
        await using (reader)
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = new CurrentSubmission(
                    reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetGuid(2), reader.GetString(3),
                    Nullable<long>(reader, 4), Nullable<long>(reader, 5), Nullable<long>(reader, 6), Nullable<long>(reader, 7), Nullable<long>(reader, 8),
                    Nullable<int>(reader, 9), Nullable<int>(reader, 10),
                    reader.IsDBNull(11) ? null : reader.GetString(11), reader.IsDBNull(12) ? null : reader.GetString(12),
                    reader.GetBoolean(16),
                    Flagged.Of(thresholds, withFlags, Nullable<int>(reader, 13), reader.IsDBNull(14) ? null : reader.GetString(14),
                        reader.GetInt64(15), bursts.Contains(reader.GetInt64(0))));
                if ((row.Flagged.Flags & exclude) == AnswerFlags.None) yield return row;
            }
        }
    }

    /// <summary>Every submission to the item counted by the statistics as of <paramref name="asOf"/>, replaced ones included.</summary>
    public async Task<long> CountSubmissionsAsync(ItemAsOf item, long asOf, CancellationToken cancellationToken)
    {
        await using var command = Command(
            $"""
            select count(*) from {store.Schema}.events
            where stream_id like $1 and type = '{SubmittedType}' and data->>'campaignId' = $2 and data->>'itemId' = $3 and seq_id <= $4 and seq_id > $5
            """, item, asOf);
        try
        {
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (Exception e) when (IsOutage(e))
        {
            throw Unavailable(e);
        }
    }

    private NpgsqlCommand Command(string sql, ItemAsOf item, long asOf)
    {
        var command = store.DataSource.CreateCommand(sql);
        command.CommandTimeout = CommandTimeoutSeconds;
        command.Parameters.AddWithValue(StreamPrefix(item));
        command.Parameters.AddWithValue(item.Item.CampaignId);
        command.Parameters.AddWithValue(item.Item.ItemId);
        command.Parameters.AddWithValue(asOf);
        command.Parameters.AddWithValue(item.AnswersAfter);
        return command;
    }

    // Slugs are [a-z0-9.-], so the prefix holds no LIKE wildcard.
    private static string StreamPrefix(ItemAsOf item) => $"{PricingItem.SubmissionStreamPrefix(item.Item.CampaignId, item.Item.ItemId)}%";

    internal static bool IsOutage(Exception e) =>
        e is NpgsqlException { IsTransient: true } or NpgsqlException { InnerException: IOException or System.Net.Sockets.SocketException };

    internal static EventStoreUnavailableException Unavailable(Exception e) => new("PostgreSQL is unavailable; nothing was exported.", e);

    internal static T? Nullable<T>(NpgsqlDataReader reader, int ordinal) where T : struct =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
}
