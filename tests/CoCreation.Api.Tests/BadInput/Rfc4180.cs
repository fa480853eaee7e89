using System.Text;

namespace CoCreation.Api.Tests.BadInput;

/// <summary>
/// A small RFC 4180 reader written for the tests, independent of the exports' writers (CsvHelper and our own): records
/// end in CRLF or LF, a field in quotes may hold commas, quotes (doubled) and line breaks; a leading BOM is dropped.
/// </summary>
internal static class Rfc4180
{
    public static List<string[]> Parse(string text)
    {
        if (text.StartsWith('\uFEFF')) text = text[1..];
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"') field.Append(text[++i]);
                else quoted = false;
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add([.. fields]);
                    fields.Clear();
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }
        if (field.Length > 0 || fields.Count > 0) records.Add([.. fields, field.ToString()]);
        return records;
    }

    /// <summary>The records after the header, as column → value.</summary>
    public static List<Dictionary<string, string>> Rows(string text)
    {
        var records = Parse(text);
        var header = records[0];
        return [.. records.Skip(1).Select(r =>
        {
            Assert.Equal(header.Length, r.Length);
            return header.Zip(r).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        })];
    }
}
