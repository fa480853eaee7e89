using System.Globalization;
using CoCreation.Api.Contest.Leaderboard;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Contest.Exporting;

public static class ExportContestEndpoint
{
    /// <summary>
    /// GET …/contests/{contestId}/export?format=csv (admin): one row per entry, in submission order, with its status, stage
    /// history (<c>what@time</c>, separated by <c>;</c>), votes, mean and adjusted score, rank (empty when not on the
    /// current leaderboard) and image hash. RFC 4180 CSV with a header, UTF-8, numbers in invariant culture, for Excel and
    /// pandas. The author is not exported. Text starting like a formula (a title "=HYPERLINK(…)") gets a leading <c>'</c>;
    /// numbers are written as numbers, so a negative adjusted score stays one.
    /// </summary>
    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Handle(
        string campaignId, string contestId, string? format, ContestBoard board, CancellationToken cancellationToken)
    {
        if (format is not (null or "csv"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["The format must be 'csv'."] },
                detail: "The export format is not known.");
        }
        if (board.Export(campaignId, contestId) is not { } entries) return ContestProblems.NoContest(campaignId, contestId);

        using var buffer = new MemoryStream();
        var options = new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.Escape };
        await using (var csv = CsvWriter.Create(buffer, options, leaveOpen: true))
        {
            csv.WriteHeader([.. Header]);
            foreach (var (entry, history, stage, votes, mean, row) in entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Typed fields: the writer escapes text only, never the numbers it formats itself.
                csv.WriteField(entry.EntryId, "D");
                csv.WriteField(entry.Title);
                csv.WriteField(entry.Status);
                csv.WriteField(stage);
                csv.WriteField(string.Join(';', history.Select(m => $"{m.Stage}@{Time(m.At)}")));
                csv.WriteField(votes, default);
                csv.WriteField(mean, "R");
                csv.WriteField(row?.AdjustedScore, "R");
                csv.WriteField(row?.Rank, default);
                csv.WriteField(entry.ImageSha256);
                csv.WriteField(entry.ContentType);
                csv.WriteField(entry.Width, default);
                csv.WriteField(entry.Height, default);
                csv.WriteRecord(Time(history[0].At));
            }
        }
        return TypedResults.File(buffer.ToArray(), "text/csv; charset=utf-8", $"{campaignId}-{contestId}-entries.csv");
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    public static IReadOnlyList<string> Header { get; } =
    [
        "entry_id", "title", "status", "stage", "stage_history", "votes", "mean_score", "adjusted_score", "rank",
        "image_sha256", "content_type", "width", "height", "submitted_at",
    ];
}
