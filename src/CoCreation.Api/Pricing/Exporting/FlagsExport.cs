using System.Text.Json;
using CoCreation.Flags;

namespace CoCreation.Api.Pricing.Exporting;

/// <summary>
/// <c>kind=flags</c>: how many current answers carry each flag, out of how many, with the thresholds they were
/// computed with. CSV <c>flag,answers,participants,share</c> (rows <c>fast</c>, <c>burst</c>, <c>replaced</c>, <c>any</c>).
/// </summary>
internal static class FlagsExport
{
    public static readonly string[] Header = ["flag", "answers", "participants", "share"];

    public const string Any = "any";

    public sealed record Counts(long Fast, long Burst, long Replaced, long Any);

    public sealed record Thresholds(int FastMs, int BurstAnswers, int BurstWindowSeconds, int ReplacedAnswers);

    /// <summary><c>{campaignId, itemId, mode, currency, asOf, participants, flagged: {fast, burst, replaced, any}, thresholds, excluded}</c>.</summary>
    public sealed record Summary(
        string CampaignId, string ItemId, string Mode, string Currency, ExportAsOf AsOf, long Participants, Counts Flagged, Thresholds Thresholds,
        IReadOnlyList<string> Excluded);

    public static async Task<Summary> CountAsync(
        long asOf, ItemAsOf item, AnswerFlags excluded, FlagThresholds thresholds, IAsyncEnumerable<CurrentSubmission> rows, CancellationToken cancellationToken)
    {
        long participants = 0, fast = 0, burst = 0, replaced = 0, any = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            participants++;
            var flags = row.Flagged.Flags;
            if (flags.HasFlag(AnswerFlags.Fast)) fast++;
            if (flags.HasFlag(AnswerFlags.Burst)) burst++;
            if (flags.HasFlag(AnswerFlags.Replaced)) replaced++;
            if (flags != AnswerFlags.None) any++;
        }
        return new Summary(
            item.Item.CampaignId, item.Item.ItemId, item.Item.Mode, item.Item.Currency, new ExportAsOf(asOf), participants,
            new Counts(fast, burst, replaced, any),
            new Thresholds(thresholds.FastMs, thresholds.BurstAnswers, (int)thresholds.BurstWindow.TotalSeconds, thresholds.ReplacedAnswers),
            [.. AnswerFlagging.Names.Where(n => excluded.HasFlag(n.Flag)).Select(n => n.Name)]);
    }

    public static async Task WriteCsvAsync(Stream body, ExportQuery query, Summary summary, CancellationToken cancellationToken)
    {
        await using var csv = await ExportOutput.StartCsvAsync(body, query.Bom, Header, cancellationToken);
        var counts = summary.Flagged;
        foreach (var (name, answers) in new[] { ("fast", counts.Fast), ("burst", counts.Burst), ("replaced", counts.Replaced), (Any, counts.Any) })
        {
            csv.Field(name);
            csv.Field(ExportOutput.Number(answers));
            csv.Field(ExportOutput.Number(summary.Participants));
            csv.Field(ExportOutput.Number(summary.Participants == 0 ? 0.0 : (double)answers / summary.Participants));
            await csv.EndRecordAsync(cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
    }

    public static Task WriteJsonAsync(Stream body, Summary summary, CancellationToken cancellationToken) =>
        JsonSerializer.SerializeAsync(body, summary, ExportOutput.Json, cancellationToken);
}
