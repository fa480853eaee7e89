using System.Globalization;
using CoCreation.Api.Pricing.Exporting;
using CoCreation.Api.Voting.Results;
using CoCreation.EventStore.Projections;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Voting.Exporting;

/// <summary>
/// GET /api/campaigns/{c}/questions/{q}/export?format=csv|json&amp;asOf=&amp;bom=&amp;excludeFlagged= (admin): one row per
/// person, their current ballot as of the position, with pseudonym and flags. CSV
/// <c>participant,marks,channel,region,age_band,submitted_at,sequence,dwell_ms,replaced_count,network,flags</c>, where
/// <c>marks</c> is <c>option=value</c> joined by semicolons (1 for a choice, the score, or the points).
/// </summary>
/// <remarks>
/// <c>asOf</c> works as in the pricing exports, against the position of the <c>vote-results</c> projection (whose feed is
/// gap-safe): at most that position, the default, echoed in <c>X-As-Of-Sequence</c>, the file name and JSON.
/// </remarks>
internal static class ExportBallotsEndpoint
{
    public static readonly string[] Header = ["participant", "marks", .. AnswerColumns.Header];

    public static async Task<Results<PushStreamHttpResult, ValidationProblem, ProblemHttpResult>> Handle(
        string campaignId, string questionId, string? format, string? asOf, string? bom, string? excludeFlagged,
        HttpResponse response, EventStore.EventStore store, ProjectionDaemon daemon, CurrentBallots ballots, Pseudonyms pseudonyms,
        CancellationToken cancellationToken)
    {
        var (query, errors) = ExportQuery.Parse(ExportKinds.Raw, format, asOf, null, null, bom, excludeFlagged);
        if (query is null) return TypedResults.ValidationProblem(errors, detail: "The export query is not valid; see errors.");
        if (!await QuestionStream.ExistsAsync(store, campaignId, questionId, cancellationToken))
        {
            return VotingProblems.NoQuestion(campaignId, questionId);
        }
        var safe = (await daemon.GetStatusAsync(cancellationToken)).Single(s => s.Name == VoteResults.ProjectionName).Position;
        if (query.AsOf > safe)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["asOf"] = [$"must be at most {safe}, the last position known to be complete; a later one may still change"] },
                detail: "The export cannot be taken as of that position yet.");
        }
        var position = query.AsOf ?? safe;
        response.Headers.ContentDisposition =
            $"attachment; filename=\"{campaignId}-{questionId}-ballots-asof-{position}{ExportQuery.ExcludedSuffix(query.ExcludeFlagged)}.{query.Format}\"";
        response.Headers[ExportEndpoint.AsOfHeader] = position.ToString(CultureInfo.InvariantCulture);
        var rows = ballots.ReadAsync(campaignId, questionId, position, query.ExcludeFlagged, cancellationToken);
        return TypedResults.Stream(body => query.Format == ExportFormats.Csv
            ? WriteCsvAsync(body, query.Bom, rows, pseudonyms, cancellationToken)
            : WriteJsonAsync(body, campaignId, questionId, position, rows, pseudonyms, cancellationToken), query.ContentType);
    }

    private static async Task WriteCsvAsync(Stream body, bool bom, IAsyncEnumerable<CurrentBallot> rows, Pseudonyms pseudonyms, CancellationToken cancellationToken)
    {
        await using var csv = await ExportOutput.StartCsvAsync(body, bom, Header, cancellationToken);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            csv.Text(pseudonyms.Of(row.ParticipantId));
            csv.Text(string.Join(';', row.Marks.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.OptionId}={m.Value}"))));
            AnswerColumns.Write(csv, row.Channel, row.Region, row.AgeBand, row.SubmittedAt, row.Sequence, row.Flagged, row.Guest);
            await csv.EndRecordAsync(cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
    }

    /// <summary><c>{campaignId, questionId, asOf: {sequence}, rows: [{participant, marks: {option: value}, channel, region, ageBand, submittedAt, sequence, dwellMs, replacedCount, network, flags, guest}]}</c>.</summary>
    private static async Task WriteJsonAsync(
        Stream body, string campaignId, string questionId, long asOf, IAsyncEnumerable<CurrentBallot> rows, Pseudonyms pseudonyms, CancellationToken cancellationToken)
    {
        await using var json = ExportOutput.StartJson(body);
        json.WriteStartObject();
        json.WriteString("campaignId", campaignId);
        json.WriteString("questionId", questionId);
        json.WriteStartObject("asOf");
        json.WriteNumber("sequence", asOf);
        json.WriteEndObject();
        json.WriteStartArray("rows");
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            json.WriteStartObject();
            json.WriteString("participant", pseudonyms.Of(row.ParticipantId));
            json.WriteStartObject("marks");
            foreach (var mark in row.Marks) json.WriteNumber(mark.OptionId, mark.Value);
            json.WriteEndObject();
            AnswerColumns.Write(json, row.Channel, row.Region, row.AgeBand, row.SubmittedAt, row.Sequence, row.Flagged, row.Guest);
            json.WriteEndObject();
            await ExportOutput.FlushIfFullAsync(json, cancellationToken);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }
}
