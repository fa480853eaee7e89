using System.Text.Json;
using CoCreation.Api.Pricing.Exporting;
using CoCreation.Flags;

namespace CoCreation.Api.Flags;

/// <summary>The trailing columns every raw export of answers carries: the signals and the flags.</summary>
internal static class FlagColumns
{
    public static readonly string[] Header = ["dwell_ms", "replaced_count", "network", "flags"];

    public static void Write(CsvOutput csv, Flagged flagged)
    {
        csv.Field(ExportOutput.Number(flagged.DwellMs));
        csv.Field(ExportOutput.Number(flagged.Replacements));
        csv.Text(flagged.Network ?? "");
        csv.Text(AnswerFlagging.Text(flagged.Flags));
    }

    /// <summary><c>dwellMs, replacedCount, network, flags: ["fast", …]</c>.</summary>
    public static void Write(Utf8JsonWriter json, Flagged flagged)
    {
        if (flagged.DwellMs is { } dwell) json.WriteNumber("dwellMs", dwell);
        else json.WriteNull("dwellMs");
        json.WriteNumber("replacedCount", flagged.Replacements);
        json.WriteString("network", flagged.Network);
        json.WriteStartArray("flags");
        foreach (var (flag, name) in AnswerFlagging.Names)
        {
            if (flagged.Flags.HasFlag(flag)) json.WriteStringValue(name);
        }
        json.WriteEndArray();
    }
}
