using System.Text.Json;
using CoCreation.Pricing;

namespace CoCreation.Api.Pricing.Exporting;

/// <summary><c>kind=raw</c>: one row per person, their current answer as of the export's position, written as it is read.</summary>
internal static class RawExport
{
    public static readonly string[] DirectHeader = ["participant", "price", .. AnswerColumns.Header];

    public static readonly string[] PsmHeader =
    [
        "participant", "too_cheap", "cheap", "expensive", "too_expensive", "likelihood_at_cheap", "likelihood_at_expensive", .. AnswerColumns.Header,
    ];

    public static async Task WriteCsvAsync(
        Stream body, ExportQuery query, ItemAsOf item, IAsyncEnumerable<CurrentSubmission> rows, Pseudonyms pseudonyms, CancellationToken cancellationToken)
    {
        var psm = item.Item.Mode == PricingModes.Psm;
        await using var csv = await ExportOutput.StartCsvAsync(body, query.Bom, psm ? PsmHeader : DirectHeader, cancellationToken);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            csv.Text(pseudonyms.Of(row.ParticipantId));
            if (psm)
            {
                csv.Field(ExportOutput.Number(row.TooCheap));
                csv.Field(ExportOutput.Number(row.Cheap));
                csv.Field(ExportOutput.Number(row.Expensive));
                csv.Field(ExportOutput.Number(row.TooExpensive));
                csv.Field(ExportOutput.Number(row.LikelihoodAtCheap));
                csv.Field(ExportOutput.Number(row.LikelihoodAtExpensive));
            }
            else
            {
                csv.Field(ExportOutput.Number(row.Price));
            }
            AnswerColumns.Write(csv, row.Channel, row.Region, row.AgeBand, row.SubmittedAt, row.Sequence, row.Flagged, row.Guest);
            await csv.EndRecordAsync(cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// <c>{campaignId, itemId, mode, currency, asOf: {sequence}, rows: [{participant, price | psm fields, channel, region, ageBand,
    /// submittedAt, sequence, dwellMs, replacedCount, network, flags, guest}]}</c>.
    /// </summary>
    public static async Task WriteJsonAsync(
        Stream body, long asOf, ItemAsOf item, IAsyncEnumerable<CurrentSubmission> rows, Pseudonyms pseudonyms, CancellationToken cancellationToken)
    {
        var psm = item.Item.Mode == PricingModes.Psm;
        await using var json = ExportOutput.StartJson(body);
        json.WriteStartObject();
        ExportOutput.WriteAsOf(json, item.Item.CampaignId, item.Item.ItemId, item.Item.Mode, item.Item.Currency, asOf);
        json.WriteStartArray("rows");
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            json.WriteStartObject();
            json.WriteString("participant", pseudonyms.Of(row.ParticipantId));
            if (psm)
            {
                WriteNumber(json, "tooCheap", row.TooCheap);
                WriteNumber(json, "cheap", row.Cheap);
                WriteNumber(json, "expensive", row.Expensive);
                WriteNumber(json, "tooExpensive", row.TooExpensive);
                WriteNumber(json, "likelihoodAtCheap", row.LikelihoodAtCheap);
                WriteNumber(json, "likelihoodAtExpensive", row.LikelihoodAtExpensive);
            }
            else
            {
                WriteNumber(json, "price", row.Price);
            }
            AnswerColumns.Write(json, row.Channel, row.Region, row.AgeBand, row.SubmittedAt, row.Sequence, row.Flagged, row.Guest);
            json.WriteEndObject();
            await ExportOutput.FlushIfFullAsync(json, cancellationToken);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }
}
