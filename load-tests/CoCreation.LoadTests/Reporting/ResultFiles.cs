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
