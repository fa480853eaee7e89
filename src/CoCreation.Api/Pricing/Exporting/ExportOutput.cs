using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CoCreation.Api.Pricing.Exporting;

/// <summary>
/// How exports are written. CSV: UTF-8 without a byte order mark unless asked (<c>bom=true</c>, for Excel), RFC 4180
/// quoting, CRLF line ends, a header row, invariant-culture numbers, ISO 8601 UTC times. JSON: camelCase, streamed.
/// </summary>
internal static class ExportOutput
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Bytes a writer may hold before it flushes to the response.</summary>
    public const int FlushBytes = 64 * 1024;

    /// <summary>A CSV writer that has written the header row.</summary>
    public static async Task<CsvOutput> StartCsvAsync(Stream body, bool bom, IReadOnlyList<string> header, CancellationToken cancellationToken)
    {
        if (bom) await body.WriteAsync(Utf8Bom, cancellationToken);
        var csv = new CsvOutput(body);
        foreach (var name in header) csv.Field(name);
        await csv.EndRecordAsync(cancellationToken);
        return csv;
    }

    public static Utf8JsonWriter StartJson(Stream body) => new(body);

    /// <summary>Flushes when enough is buffered, so memory stays bounded and the client sees data flow.</summary>
    public static async ValueTask FlushIfFullAsync(Utf8JsonWriter json, CancellationToken cancellationToken)
    {
        if (json.BytesPending >= FlushBytes) await json.FlushAsync(cancellationToken);
    }

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    public static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    public static void WriteAsOf(Utf8JsonWriter json, string campaignId, string itemId, string mode, string currency, long asOf)
    {
        json.WriteString("campaignId", campaignId);
        json.WriteString("itemId", itemId);
        json.WriteString("mode", mode);
        json.WriteString("currency", currency);
        json.WriteStartObject("asOf");
        json.WriteNumber("sequence", asOf);
        json.WriteEndObject();
    }
}

/// <summary>The position an export was taken as of, in JSON bodies.</summary>
public sealed record ExportAsOf(long Sequence);

/// <summary>
/// RFC 4180 records: fields separated by commas, a field holding a comma, a quote, CR or LF enclosed in quotes with
/// its quotes doubled, CRLF after every record, UTF-8. Records gather in a buffer that goes to the response
/// asynchronously (ASP.NET Core refuses synchronous writes to it) once it holds <see cref="ExportOutput.FlushBytes"/>.
/// Text that people wrote goes through <see cref="Text"/>, which keeps a spreadsheet from running it as a formula;
/// numbers and times the export formats itself go through <see cref="Field"/>, so <c>-5</c> stays a number.
/// </summary>
internal sealed class CsvOutput(Stream body) : IAsyncDisposable
{
    private static readonly System.Buffers.SearchValues<char> NeedsQuotes = System.Buffers.SearchValues.Create(",\"\r\n");

    /// <summary>What a spreadsheet takes for the start of a formula (OWASP's CSV injection list).</summary>
    private static readonly System.Buffers.SearchValues<char> FormulaStart = System.Buffers.SearchValues.Create("=+-@\t\r");

    private readonly StreamWriter _writer = new(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), ExportOutput.FlushBytes, leaveOpen: true);
    private readonly StringBuilder _buffer = new();
    private bool _first = true;

    /// <summary>A field as it is: numbers, times and names the export itself chose.</summary>
    public void Field(string value)
    {
        if (!_first) _buffer.Append(',');
        _first = false;
        if (value.AsSpan().IndexOfAny(NeedsQuotes) < 0)
        {
            _buffer.Append(value);
            return;
        }
        _buffer.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    /// <summary>
    /// A text field: one starting like a formula (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab, CR) gets a leading
    /// <c>'</c>, which Excel and LibreOffice show as text rather than run; a reader that wants the original drops it.
    /// </summary>
    public void Text(string value) => Field(value.Length > 0 && FormulaStart.Contains(value[0]) ? $"'{value}" : value);

    public async ValueTask EndRecordAsync(CancellationToken cancellationToken)
    {
        _buffer.Append("\r\n");
        _first = true;
        if (_buffer.Length >= ExportOutput.FlushBytes / 2) await WriteBufferAsync(cancellationToken);
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await WriteBufferAsync(cancellationToken);
        await _writer.FlushAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync() => await _writer.DisposeAsync();

    private async Task WriteBufferAsync(CancellationToken cancellationToken)
    {
        await _writer.WriteAsync(_buffer, cancellationToken);
        _buffer.Clear();
    }
}
