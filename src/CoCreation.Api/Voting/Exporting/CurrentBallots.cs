using System.Runtime.CompilerServices;
using System.Text.Json;
using CoCreation.Api.Flags;
using CoCreation.Api.Pricing.Exporting;
using CoCreation.Flags;
using CoCreation.Voting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CoCreation.Api.Voting.Exporting;

/// <summary>A person's current ballot as the export reads it, with its abuse signals and flags, and whether a guest cast it.</summary>
internal readonly record struct CurrentBallot(
    long Sequence, DateTimeOffset SubmittedAt, Guid ParticipantId, string Channel, IReadOnlyList<BallotMark> Marks, string? Region, string? AgeBand,
    bool Guest, Flagged Flagged);

/// <summary>
/// Reads each person's current ballot on a question as of a log position, one row at a time, the same way
/// <see cref="CurrentAnswers"/> reads prices: the latest event of each ballot stream <c>ballot/{c}/{q}/{participant}</c>,
/// its version less one as the replacements, and bursts of identical marks from one network (<see cref="BurstSql"/>, read first).
/// A question's kind and options are frozen once voting begins, so every ballot of it counts.
/// </summary>
internal sealed class CurrentBallots(EventStore.EventStore store, IOptions<FlagOptions> flagOptions)
{
    private const string CastType = "ballot-cast";
    private const int CommandTimeoutSeconds = 600;

    public async IAsyncEnumerable<CurrentBallot> ReadAsync(
        string campaignId, string questionId, long asOf, AnswerFlags exclude, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var thresholds = flagOptions.Value.ForBallots();
        var ballots = $"{store.Schema}.events where stream_id like $1 and type = '{CastType}' and data->>'campaignId' = $2 and data->>'questionId' = $3 and seq_id <= $4";
        var prefix = $"ballot/{campaignId}/{questionId}/%"; // slugs hold no LIKE wildcard
        // Marks are stored in option-id order, so identical ballots have identical text.
        var bursts = await BurstSql.ReadAsync(store,
            $"select seq_id, timestamp, data->>'network' collate \"C\" as network, (data->'marks')::text collate \"C\" as answer from {ballots}",
            [prefix, campaignId, questionId, asOf], thresholds, CommandTimeoutSeconds, cancellationToken);
        await using var command = store.DataSource.CreateCommand(
            $"""
            select seq_id, timestamp, (data->>'participantId')::uuid, data->>'channel', (data->'marks')::text,
                data->>'region', data->>'ageBand', (data->>'dwellMs')::int, data->>'network', version - 1,
                coalesce(starts_with(actor, 'guest:'), false)
            from (
                select distinct on (stream_id) seq_id, version, timestamp, data, actor from {ballots}
                order by stream_id desc, version desc) current
            """);
        command.CommandTimeout = CommandTimeoutSeconds;
        command.Parameters.AddWithValue(prefix);
        command.Parameters.AddWithValue(campaignId);
        command.Parameters.AddWithValue(questionId);
        command.Parameters.AddWithValue(asOf);
        NpgsqlDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(cancellationToken);
        }
        catch (Exception e) when (CurrentAnswers.IsOutage(e))
        {
            throw CurrentAnswers.Unavailable(e);
        }
        await using (reader)
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = new CurrentBallot(
                    reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetGuid(2), reader.GetString(3),
                    JsonSerializer.Deserialize<BallotMark[]>(reader.GetString(4), store.Options.Json) ?? [],
                    reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetBoolean(10),
                    Flagged.Of(thresholds, withFlags: true, CurrentAnswers.Nullable<int>(reader, 7), reader.IsDBNull(8) ? null : reader.GetString(8),
                        reader.GetInt64(9), bursts.Contains(reader.GetInt64(0))));
                if ((row.Flagged.Flags & exclude) == AnswerFlags.None) yield return row;
            }
        }
    }
}
