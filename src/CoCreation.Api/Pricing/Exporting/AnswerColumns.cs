using System.Text.Json;
using CoCreation.Api.Flags;

namespace CoCreation.Api.Pricing.Exporting;

/// <summary>
/// The columns every per-person answer export (raw prices, ballots) ends with, in one order: how and when the answer
/// came, its place in the log, its abuse signals and flags (<see cref="FlagColumns"/>), and whether a guest gave it.
/// </summary>
internal static class AnswerColumns
{
    public static readonly string[] Header = ["channel", "region", "age_band", "submitted_at", "sequence", .. FlagColumns.Header, "guest"];

    public static void Write(
        CsvOutput csv, string channel, string? region, string? ageBand, DateTimeOffset submittedAt, long sequence, Flagged flagged, bool guest)
    {
        csv.Text(channel);
        csv.Text(region ?? "");
        csv.Text(ageBand ?? "");
        csv.Field(ExportOutput.Time(submittedAt));
        csv.Field(ExportOutput.Number(sequence));
        FlagColumns.Write(csv, flagged);
        csv.Field(guest ? "true" : "false");
    }

    /// <summary><c>channel, region, ageBand, submittedAt, sequence, dwellMs, replacedCount, network, flags, guest</c>.</summary>
    public static void Write(
        Utf8JsonWriter json, string channel, string? region, string? ageBand, DateTimeOffset submittedAt, long sequence, Flagged flagged, bool guest)
    {
        json.WriteString("channel", channel);
        json.WriteString("region", region);
        json.WriteString("ageBand", ageBand);
        json.WriteString("submittedAt", ExportOutput.Time(submittedAt));
        json.WriteNumber("sequence", sequence);
        FlagColumns.Write(json, flagged);
        json.WriteBoolean("guest", guest);
    }
}
