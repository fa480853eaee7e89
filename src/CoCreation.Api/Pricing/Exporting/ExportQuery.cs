using CoCreation.Flags;
using CoCreation.Pricing.Statistics;

namespace CoCreation.Api.Pricing.Exporting;

/// <summary>What an export holds.</summary>
internal static class ExportKinds
{
    public const string Raw = "raw";
    public const string Histogram = "histogram";
    public const string Psm = "psm";
    public const string PsmPoints = "psm-points";
    public const string Flags = "flags";

    public static readonly string[] All = [Raw, Histogram, Psm, PsmPoints, Flags];

    public static bool NeedsPsm(string kind) => kind is Psm or PsmPoints;
}

internal static class ExportFormats
{
    public const string Csv = "csv";
    public const string Json = "json";
}

/// <summary>
/// <c>?kind=&amp;format=&amp;asOf=&amp;bins=&amp;bootstrap=&amp;bom=&amp;excludeFlagged=</c>, checked for form only; whether <c>asOf</c> is within
/// the safe head and <c>kind</c> fits the item's mode is checked by the endpoint.
/// </summary>
/// <param name="AsOf">The requested log position; null = this node's safe head.</param>
/// <param name="Bom">Start a CSV with a UTF-8 byte order mark (what Excel needs to read UTF-8).</param>
/// <param name="ExcludeFlagged">Answers with any of these flags are left out of the file and its figures (never the log).</param>
internal sealed record ExportQuery(string Kind, string Format, long? AsOf, int Bins, int Bootstrap, bool Bom, AnswerFlags ExcludeFlagged = AnswerFlags.None)
{
    public static (ExportQuery? Query, Dictionary<string, string[]> Errors) Parse(
        string? kind, string? format, string? asOf, string? bins, string? bootstrap, string? bom, string? excludeFlagged = null)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        kind = string.IsNullOrEmpty(kind) ? ExportKinds.Raw : kind;
        if (!ExportKinds.All.Contains(kind, StringComparer.Ordinal)) errors["kind"] = [$"must be one of {string.Join(", ", ExportKinds.All)}"];
        format = string.IsNullOrEmpty(format) ? ExportFormats.Csv : format;
        if (format is not (ExportFormats.Csv or ExportFormats.Json)) errors["format"] = ["must be csv or json"];

        long? sequence = null;
        if (!string.IsNullOrEmpty(asOf))
        {
            if (long.TryParse(asOf, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed >= 1) sequence = parsed;
            else errors["asOf"] = ["must be a log sequence number (a whole number from 1)"];
        }

        var binCount = PriceSummary.DefaultBins;
        if (!string.IsNullOrEmpty(bins) && (!int.TryParse(bins, out binCount) || binCount is < 1 or > PriceSummary.MaxBins))
        {
            errors["bins"] = [$"must be a whole number from 1 to {PriceSummary.MaxBins}"];
        }
        var replicates = PsmBootstrap.DefaultReplicates;
        if (!string.IsNullOrEmpty(bootstrap) && (!int.TryParse(bootstrap, out replicates) || replicates is < 0 or > PsmBootstrap.MaxReplicates))
        {
            errors["bootstrap"] = [$"must be a whole number from 0 to {PsmBootstrap.MaxReplicates}"];
        }
        var withBom = false;
        if (!string.IsNullOrEmpty(bom) && !bool.TryParse(bom, out withBom)) errors["bom"] = ["must be true or false"];
        if (!AnswerFlagging.TryParse(excludeFlagged, out var exclude))
        {
            errors["excludeFlagged"] = [$"must be true, false, or flags among {string.Join(", ", AnswerFlagging.Names.Select(n => n.Name))} separated by commas"];
        }

        return (errors.Count == 0 ? new ExportQuery(kind, format, sequence, binCount, replicates, withBom, exclude) : null, errors);
    }

    /// <summary><c>{c}-{item}-{kind}-asof-{seq}.csv</c>, with <c>-without-fast-burst</c> before the extension when answers were left out.</summary>
    public string FileName(string campaignId, string itemId, long asOf) =>
        $"{campaignId}-{itemId}-{Kind}-asof-{asOf}{ExcludedSuffix(ExcludeFlagged)}.{Format}";

    public static string ExcludedSuffix(AnswerFlags excluded) =>
        excluded == AnswerFlags.None ? "" : $"-without-{AnswerFlagging.Text(excluded).Replace(';', '-')}";

    public string ContentType => Format == ExportFormats.Csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
}
