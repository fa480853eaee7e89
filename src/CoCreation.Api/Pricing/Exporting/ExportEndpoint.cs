using System.Globalization;
using CoCreation.Api.Campaigns;
using CoCreation.Api.Errors;
using CoCreation.Api.Flags;
using CoCreation.Api.Pricing.Statistics;
using CoCreation.EventStore.Projections;
using CoCreation.Pricing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Pricing.Exporting;

internal static class ExportEndpoint
{
    public const string AsOfHeader = "X-As-Of-Sequence";

    /// <summary>
    /// GET /api/campaigns/{campaignId}/pricing/{itemId}/export?kind=raw|histogram|psm|psm-points|flags&amp;format=csv|json&amp;asOf=&amp;bins=&amp;bootstrap=&amp;bom=&amp;excludeFlagged= (admin).
    /// </summary>
    /// <remarks>
    /// <c>asOf</c> defaults to, and may not exceed, the position this node's pricing statistics have reached: the feed
    /// that feeds them is gap-safe, so every event up to it is committed and no transaction in flight can still add one
    /// below it. An export as of a later sequence number could change after the fact (a slow transaction filling a
    /// hole), so it is refused with 400 rather than clamped: the caller asked for a position and gets it or a reason.
    /// The position used is echoed in <see cref="AsOfHeader"/>, the file name and JSON bodies; the same URL with it
    /// always gives the same file.
    /// </remarks>
    public static async Task<Results<PushStreamHttpResult, ValidationProblem, ProblemHttpResult>> Handle(
        string campaignId, string itemId, string? kind, string? format, string? asOf, string? bins, string? bootstrap, string? bom, string? excludeFlagged,
        HttpResponse response, EventStore.EventStore store, ProjectionDaemon daemon, CurrentAnswers answers, Pseudonyms pseudonyms,
        IOptions<FlagOptions> flags, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var (query, errors) = ExportQuery.Parse(kind, format, asOf, bins, bootstrap, bom, excludeFlagged);
        if (query is null) return TypedResults.ValidationProblem(errors, detail: "The export query is not valid; see errors.");
        if (!Slug.IsValid(campaignId) || (await CampaignStream.LoadAsync(store, campaignId, cancellationToken)).State is null)
        {
            return Problems.NoCampaign(campaignId);
        }
        if (!Slug.IsValid(itemId) || await store.ReadStreamVersionAsync(PricingItem.StreamId(campaignId, itemId), cancellationToken) is null)
        {
            return PricingProblems.NoItem(campaignId, itemId);
        }

        var safe = (await daemon.GetStatusAsync(cancellationToken)).Single(s => s.Name == PricingStatistics.ProjectionName).Position;
        if (query.AsOf > safe)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["asOf"] = [$"must be at most {safe}, the last position known to be complete; a later one may still change"] },
                detail: "The export cannot be taken as of that position yet.");
        }
        var position = query.AsOf ?? safe;
        var item = await ItemAsOf.LoadAsync(store, campaignId, itemId, position, cancellationToken);
        if (item is null)
        {
            return Problems.NotFound(
                $"The pricing item '{itemId}' of campaign '{campaignId}' was not defined yet as of sequence {position}.");
        }
        if (ExportKinds.NeedsPsm(query.Kind) && item.Item.Mode != PricingModes.Psm)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["kind"] = [$"{query.Kind} needs a psm item; '{itemId}' asks for direct prices"] },
                detail: "The export does not fit the item.");
        }

        response.Headers.ContentDisposition = $"attachment; filename=\"{query.FileName(campaignId, itemId, position)}\"";
        response.Headers[AsOfHeader] = position.ToString(CultureInfo.InvariantCulture);
        var logger = loggers.CreateLogger(typeof(ExportEndpoint).FullName!);
        return TypedResults.Stream(body => WriteAsync(body, query, item, position, answers, pseudonyms, flags.Value, logger, cancellationToken), query.ContentType);
    }

    private static async Task WriteAsync(
        Stream body, ExportQuery query, ItemAsOf item, long asOf, CurrentAnswers answers, Pseudonyms pseudonyms, FlagOptions flags, ILogger logger,
        CancellationToken cancellationToken)
    {
        // Only the raw rows and the flags summary show flags; the figures need them only to leave answers out.
        var withFlags = query.Kind is ExportKinds.Raw or ExportKinds.Flags;
        var rows = answers.ReadAsync(item, asOf, withFlags, query.ExcludeFlagged, cancellationToken);
        var csv = query.Format == ExportFormats.Csv;
        switch (query.Kind)
        {
            case ExportKinds.Raw when csv:
                await RawExport.WriteCsvAsync(body, query, item, rows, pseudonyms, cancellationToken);
                break;
            case ExportKinds.Raw:
                await RawExport.WriteJsonAsync(body, asOf, item, rows, pseudonyms, cancellationToken);
                break;
            case ExportKinds.Histogram:
                var counted = await CountedAnswers.CountAsync(item, rows, logger, cancellationToken);
                var stats = counted.Stats(await answers.CountSubmissionsAsync(item, asOf, cancellationToken), query.Bins);
                if (csv) await HistogramExport.WriteCsvAsync(body, query, stats, cancellationToken);
                else await HistogramExport.WriteJsonAsync(body, asOf, item, stats, cancellationToken);
                break;
            case ExportKinds.Flags:
                var summary = await FlagsExport.CountAsync(asOf, item, query.ExcludeFlagged, flags.ForPrices(item.Item.Mode), rows, cancellationToken);
                if (csv) await FlagsExport.WriteCsvAsync(body, query, summary, cancellationToken);
                else await FlagsExport.WriteJsonAsync(body, summary, cancellationToken);
                break;
            default:
                var psm = PsmExport.Compute(asOf, await CountedAnswers.CountAsync(item, rows, logger, cancellationToken), query.Bootstrap,
                    withCurves: query.Kind == ExportKinds.Psm);
                if (!csv) await PsmExport.WriteJsonAsync(body, psm, cancellationToken);
                else if (query.Kind == ExportKinds.Psm) await PsmExport.WriteCurvesCsvAsync(body, query, psm, cancellationToken);
                else await PsmExport.WritePointsCsvAsync(body, query, psm, cancellationToken);
                break;
        }
    }
}
