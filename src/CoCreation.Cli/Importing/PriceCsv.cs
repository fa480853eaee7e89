using System.Globalization;
using System.Runtime.CompilerServices;
using CoCreation.Cli.Infrastructure;
using CoCreation.OneId;
using CoCreation.Pricing;
using CsvHelper;

namespace CoCreation.Cli.Importing;

/// <summary>A row the import may store: everything checked exactly as the API checks a batch row.</summary>
internal sealed record PriceRow(long Line, string OneId, string Channel, Guid Key, PriceAnswer Answer);

/// <summary>What is wrong with a row, by the CSV column it is in (<c>row</c> when it is the row itself).</summary>
internal sealed record RowError(long Line, string Column, string Message);

/// <summary>One record of the file: a valid row, or what is wrong with it.</summary>
internal sealed record ReadRow(long Line, PriceRow? Row, IReadOnlyList<RowError> Errors);

/// <summary>
/// Reads a price CSV (UTF-8, BOM tolerated, header row, RFC 4180 quoting) record by record: CsvHelper's reader keeps
/// one buffer of the file (64 KiB, grown only for a long record, bounded by <see cref="MaxRecordBytes"/>), so memory
/// does not depend on the file's length. Each record is checked as the batch endpoint checks a row.
/// </summary>
internal sealed class PriceCsv : IAsyncDisposable
{
    public const string OneIdColumn = "one_id";
    public const string ChannelColumn = "channel";
    public const string KeyColumn = "idempotency_key";

    /// <summary>A record longer than this cannot be a price row; the reader stops rather than buffer it.</summary>
    private const int MaxRecordBytes = 1024 * 1024;

    private static readonly string[] DirectColumns = ["price"];
    private static readonly string[] PsmColumns = ["too_cheap", "cheap", "expensive", "too_expensive"];
    private static readonly string[] OptionalColumns = ["likelihood_at_cheap", "likelihood_at_expensive", "region", "age_band"];

    private static readonly string[] AllColumns = [OneIdColumn, ChannelColumn, KeyColumn, .. DirectColumns, .. PsmColumns, .. OptionalColumns];

    /// <summary>Every column the file may have, in the order the header documents them.</summary>
    public static IReadOnlyList<string> Columns => AllColumns;

    // The API's field names (SubmitPrice.Validate, the batch row) and the columns holding them.
    private static readonly Dictionary<string, string> ColumnOfField = new(StringComparer.Ordinal)
    {
        ["oneId"] = OneIdColumn, ["channel"] = ChannelColumn, ["idempotencyKey"] = KeyColumn, ["price"] = "price",
        ["tooCheap"] = "too_cheap", ["cheap"] = "cheap", ["expensive"] = "expensive", ["tooExpensive"] = "too_expensive",
        ["likelihoodAtCheap"] = "likelihood_at_cheap", ["likelihoodAtExpensive"] = "likelihood_at_expensive",
        ["segment.region"] = "region", ["segment.ageBand"] = "age_band",
    };

    private readonly CsvReader _reader;
    private readonly PricingItem _item;
    private readonly Dictionary<string, int> _index;
    private readonly Queue<RowError> _malformed;

    private PriceCsv(
        CsvReader reader, Queue<RowError> malformed, PricingItem item, Dictionary<string, int> index, long length, IReadOnlyList<string> ignored)
    {
        _reader = reader;
        _malformed = malformed;
        _item = item;
        _index = index;
        Length = length;
        IgnoredColumns = ignored;
    }

    /// <summary>The file's size in bytes, for progress.</summary>
    public long Length { get; }

    /// <summary>How far the reader is, in bytes from the start of the file.</summary>
    public long Position => _reader.ByteOffset;

    /// <summary>Header columns that are not price columns; they are not read.</summary>
    public IReadOnlyList<string> IgnoredColumns { get; }

    /// <summary>Opens <paramref name="path"/> and reads its header; a header the item cannot be imported from is a usage error.</summary>
    public static async Task<PriceCsv> OpenAsync(string path, PricingItem item, CancellationToken cancellationToken)
    {
        FileStream stream;
        try
        {
            // Unbuffered (bufferSize 1): the CSV reader has a buffer of its own.
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Usage, $"Cannot read {path}: {e.Message}");
        }

        var malformed = new Queue<RowError>();
        var reader = CsvReader.Create(stream, CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = true,
            Mode = CsvMode.Rfc4180,
            TrackLineNumbers = true,
            // No valid value holds a line break (OneIDs refuse control characters, regions allow letters, digits,
            // spaces and hyphens, the rest are numbers, UUIDs and names), so a line break always ends the record:
            // one unbalanced quote then costs its own line instead of swallowing the rest of the file.
            AllowLineBreaksInQuotes = false,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Skip,
            OnMalformedRecord = record => malformed.Enqueue(new RowError(record.LineNumber, "row", Describe(record))),
            MaxRecordSize = MaxRecordBytes,
        }, leaveOpen: false);
        try
        {
            await reader.ReadHeaderAsync(cancellationToken);
            var (index, ignored) = MapHeader(path, reader.Headers, item);
            return new PriceCsv(reader, malformed, item, index, stream.Length, ignored);
        }
        catch
        {
            await reader.DisposeAsync();
            throw;
        }
    }

    /// <summary>The records in file order, each checked; malformed ones (quoting, field count) come as errors of their line.</summary>
    public async IAsyncEnumerable<ReadRow> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            bool more;
            try
            {
                more = await _reader.ReadAsync(cancellationToken);
            }
            catch (CsvFormatException e)
            {
                throw new CliException(ExitCodes.Failed,
                    $"Stopped reading at line {e.LineNumber}: {e.Message} The chunks committed before it stay; fix the line and run the same command again.");
            }
            // Skipped records are reported while the reader passes over them, so before the record it stops at.
            while (_malformed.TryDequeue(out var error)) yield return new ReadRow(error.Line, null, [error]);
            if (!more) yield break;
            yield return Check(_reader.LineNumber);
        }
    }

    public ValueTask DisposeAsync() => _reader.DisposeAsync();

    private ReadRow Check(long line)
    {
        var parseErrors = new Dictionary<string, string>(StringComparer.Ordinal);
        var answer = new PriceAnswer(
            Price: Number("price", parseErrors),
            TooCheap: Number("too_cheap", parseErrors), Cheap: Number("cheap", parseErrors),
            Expensive: Number("expensive", parseErrors), TooExpensive: Number("too_expensive", parseErrors),
            LikelihoodAtCheap: Likelihood("likelihood_at_cheap", parseErrors), LikelihoodAtExpensive: Likelihood("likelihood_at_expensive", parseErrors),
            Region: Text("region"), AgeBand: Text("age_band"));

        var errors = SubmitPrice.Validate(_item, answer);
        var oneId = Text(OneIdColumn);
        if (!OneIds.IsValid(oneId)) errors["oneId"] = [OneIds.Requirement];
        var channel = Text(ChannelColumn);
        if (!Channels.IsKnown(channel)) errors["channel"] = [Channels.Requirement];
        var key = ClientKeys.Parse(Text(KeyColumn));
        if (key is null) errors["idempotencyKey"] = [SubmissionKey.Requirement];

        var byColumn = errors.ToDictionary(e => ColumnOfField.GetValueOrDefault(e.Key, e.Key), e => string.Join(" ", e.Value), StringComparer.Ordinal);
        // A value that is not a number reached the rules as missing; say what it really is.
        foreach (var (column, message) in parseErrors) byColumn[column] = message;
        if (byColumn.Count > 0)
        {
            var ordered = byColumn.OrderBy(e => Array.IndexOf(AllColumns, e.Key)).Select(e => new RowError(line, e.Key, e.Value)).ToList();
            return new ReadRow(line, null, ordered);
        }
        return new ReadRow(line, new PriceRow(line, oneId!, channel!, key!.Value, SubmitPrice.Normalize(answer)), []);
    }

    /// <summary>The field of <paramref name="column"/>, or null when the column is absent or the field empty.</summary>
    private string? Text(string column) =>
        _index.TryGetValue(column, out var i) && !_reader.IsEmpty(i) ? _reader.GetString(i) : null;

    private long? Number(string column, Dictionary<string, string> errors)
    {
        if (Text(column) is not { } text || string.IsNullOrWhiteSpace(text)) return null;
        if (long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return value;
        errors[column] = $"{column} must be a whole number, not '{Shorten(text)}'.";
        return null;
    }

    private int? Likelihood(string column, Dictionary<string, string> errors) =>
        Number(column, errors) switch
        {
            null => null,
            // Out of int range is out of 1..5 too; the rules say so.
            { } value => (int)Math.Clamp(value, int.MinValue, int.MaxValue),
        };

    private static string Shorten(string text) => text.Length <= 20 ? text : $"{text[..20]}…";

    private static string Describe(CsvMalformedRecord record) => record.Reason switch
    {
        CsvMalformedReason.FieldCountMismatch => "The row does not have as many fields as the header.",
        CsvMalformedReason.StrayQuote => "A quote inside an unquoted field: quote the whole field and double the quotes inside it.",
        CsvMalformedReason.TextAfterClosingQuote => "Text after the closing quote of a field.",
        CsvMalformedReason.UnterminatedQuote or CsvMalformedReason.LineBreakInQuotes => "A quoted field is not closed on its line.",
        _ => $"The row is malformed ({record.Reason}).",
    };

    private static (Dictionary<string, int> Index, IReadOnlyList<string> Ignored) MapHeader(string path, IReadOnlyList<string> headers, PricingItem item)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var ignored = new List<string>();
        for (var i = 0; i < headers.Count; i++)
        {
            var name = headers[i].Trim().ToLowerInvariant();
            if (!Columns.Contains(name, StringComparer.Ordinal))
            {
                ignored.Add(headers[i]);
            }
            else if (!index.TryAdd(name, i))
            {
                throw new CliException(ExitCodes.Usage, $"{path}: the header has the column {name} twice.");
            }
        }
        string[] required = [OneIdColumn, ChannelColumn, KeyColumn, .. item.Mode == PricingModes.Psm ? PsmColumns : DirectColumns];
        var missing = required.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            throw new CliException(ExitCodes.Usage,
                $"{path}: the header lacks {string.Join(", ", missing)}, which a {item.Mode} item needs. " +
                $"The columns are {string.Join(",", Columns)} (names in any case; those of the other mode may be left out).");
        }
        return (index, ignored);
    }
}
