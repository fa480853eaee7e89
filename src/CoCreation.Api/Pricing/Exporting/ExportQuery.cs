using CoCreation.Pricing.Statistics;

namespace CoCreation.Api.Pricing.Exporting;

/// <summary>What an export holds.</summary>
internal static class ExportKinds
{
    public const string Raw = "raw";
    public const string Histogram = "histogram";
    public const string Psm = "psm";
    public const string PsmPoints = "psm-points";

    public static readonly string[] All = [Raw, Histogram, Psm, PsmPoints];

    public static bool NeedsPsm(string kind) => kind is Psm or PsmPoints;
}

internal static class ExportFormats
{
    public const string Csv = "csv";
    public const string Json = "json";
}

/// <summary>
/// <c>?kind=&amp;format=&amp;asOf=&amp;bins=&amp;bootstrap=&amp;bom=</c>, checked for form only; whether <c>asOf</c> is within
/// the safe head and <c>kind</c> fits the item's mode is checked by the endpoint.
/// </summary>
/// <param name="AsOf">The requested log position; null = this node's safe head.</param>
/// <param name="Bom">Start a CSV with a UTF-8 byte order mark (what Excel needs to read UTF-8).</param>
internal sealed record ExportQuery(string Kind, string Format, long? AsOf, int Bins, int Bootstrap, bool Bom)
{
    public static (ExportQuery? Query, Dictionary<string, string[]> Errors) Parse(
        string? kind, string? format, string? asOf, string? bins, string? bootstrap, string? bom)
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

        return (errors.Count == 0 ? new ExportQuery(kind, format, sequence, binCount, replicates, withBom) : null, errors);
    }

    public string FileName(string campaignId, string itemId, long asOf) => $"{campaignId}-{itemId}-{Kind}-asof-{asOf}.{Format}";

    public string ContentType => Format == ExportFormats.Csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
}
