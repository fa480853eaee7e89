using CoCreation.Cli.Infrastructure;
using CsvHelper;

namespace CoCreation.Cli.Importing;

/// <summary>
/// The errors CSV (<c>line,column,message</c>), written as rows fail and flushed after each chunk, so it is complete
/// up to the last committed chunk even when the import is stopped. Keeps the first few for the summary.
/// </summary>
internal sealed class ImportErrors : IAsyncDisposable
{
    public const int Shown = 10;

    private readonly CsvWriter _writer;
    private readonly List<RowError> _first = [];

    private ImportErrors(string path, CsvWriter writer)
    {
        Path = path;
        _writer = writer;
    }

    public string Path { get; }

    /// <summary>Rows with at least one error.</summary>
    public long Rows { get; private set; }

    public IReadOnlyList<RowError> First => _first;

    public static ImportErrors Create(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Usage, $"Cannot write the errors file {path}: {e.Message}");
        }
        // The file is opened in spreadsheets and holds text from the imported file: no cell may start a formula.
        var writer = CsvWriter.Create(stream, CsvWriterOptions.Default with { NewLine = "\n", Injection = CsvInjection.Escape }, leaveOpen: false);
        writer.WriteHeader(["line", "column", "message"]);
        return new ImportErrors(path, writer);
    }

    /// <summary>Records the errors of one row.</summary>
    public void Add(IReadOnlyList<RowError> errors)
    {
        if (errors.Count == 0) return;
        Rows++;
        foreach (var error in errors)
        {
            if (_first.Count < Shown) _first.Add(error);
            _writer.WriteField(error.Line, default);
            _writer.WriteField(error.Column);
            _writer.WriteRecord(error.Message);
        }
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken) => _writer.FlushAsync(cancellationToken);

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
