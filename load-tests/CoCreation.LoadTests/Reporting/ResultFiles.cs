using Spectre.Console;
using System.Text.Json;

namespace CoCreation.LoadTests.Reporting;

internal static class ResultFiles
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task WriteAsync<T>(string path, T result, string markdown, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, Json), cancellationToken);
        await File.WriteAllTextAsync(Path.ChangeExtension(path, ".md"), markdown, cancellationToken);
    }
}

/// <summary>The end of a verified scenario, as every one reports it: its table on the console, the result files, the exit code.</summary>
internal static class ScenarioReport
{
    /// <summary>The rows every verified scenario ends its table with.</summary>
    public static void AddOutcomeRows(
        Table table, IReadOnlyDictionary<string, long> statuses, long timeouts, long connectionErrors, long gaveUp,
        double? serverCpuPercent, double? serverPeakMemoryMb, long eventsInLog, long lost, long duplicates, IReadOnlyList<string> problems, bool verified)
    {
        table.AddRow("statuses", string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value:N0}")));
        table.AddRow("timeouts / connection errors / gave up", $"{timeouts:N0} / {connectionErrors:N0} / {gaveUp:N0}");
        table.AddRow("server", serverCpuPercent is null ? "unknown (pass --server-pid)" : $"CPU {serverCpuPercent:F0}% of one core, peak memory {serverPeakMemoryMb:N0} MB");
        table.AddRow("log", $"{eventsInLog:N0} events, lost {lost:N0}, duplicates {duplicates:N0}");
        table.AddRow("verified", verified ? "[green]yes[/]" : $"[red]NO[/]: {Markup.Escape(string.Join("; ", problems))}");
    }

    /// <summary>Prints <paramref name="table"/>, writes the JSON and Markdown files, and gives the exit code (1 unless verified).</summary>
    public static async Task<int> FinishAsync<T>(Table table, string output, T result, string markdown, bool verified, CancellationToken cancellationToken)
    {
        AnsiConsole.Write(table);
        await ResultFiles.WriteAsync(output, result, markdown, cancellationToken);
        AnsiConsole.MarkupLine($"results: {Markup.Escape(output)}");
        return verified ? 0 : 1;
    }
}
