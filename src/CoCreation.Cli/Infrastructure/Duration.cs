using System.CommandLine;
using System.Globalization;

namespace CoCreation.Cli.Infrastructure;

/// <summary>
/// A positive length of time as people type it (<c>90s</c>, <c>30m</c>, <c>24h</c>, <c>7d</c>, <c>1h30m</c>,
/// or a TimeSpan such as <c>00:30:00</c>); keeps its text so help shows defaults the same way.
/// </summary>
internal readonly record struct Duration(TimeSpan Value, string Text)
{
    public override string ToString() => Text;

    public static bool TryParse(string? text, out Duration duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        try
        {
            // A bare number is ambiguous (TimeSpan reads it as days): only a form with a colon is read as a TimeSpan.
            var value = text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var exact)
                ? exact
                : SumOfParts(text);
            if (value is not { } positive || positive <= TimeSpan.Zero) return false;
            duration = new Duration(positive, text);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    public static Duration Parse(string text) =>
        TryParse(text, out var duration) ? duration : throw new FormatException($"'{text}' is not a duration.");

    /// <summary>An option taking a duration, with <paramref name="defaultText"/> when it is not given.</summary>
    public static Option<Duration> Option(string name, string defaultText, string description) => new(name)
    {
        Description = description,
        HelpName = "duration",
        DefaultValueFactory = _ => Parse(defaultText),
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (TryParse(text, out var duration)) return duration;
            result.AddError($"'{text}' is not a duration for {name}: use for example 90s, 30m, 24h, 7d or 1h30m.");
            return default;
        },
    };

    /// <summary>Numbers each followed by a unit (ms, s, m, h, d); null when the text is not of that form.</summary>
    private static TimeSpan? SumOfParts(ReadOnlySpan<char> text)
    {
        var total = TimeSpan.Zero;
        while (!text.IsEmpty)
        {
            var digits = 0;
            while (digits < text.Length && (char.IsAsciiDigit(text[digits]) || text[digits] == '.')) digits++;
            var letters = digits;
            while (letters < text.Length && char.IsAsciiLetterLower(text[letters])) letters++;
            if (digits == 0 || letters == digits) return null;
            if (!double.TryParse(text[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)) return null;
            TimeSpan? unit = text[digits..letters] switch
            {
                "ms" => TimeSpan.FromMilliseconds(1),
                "s" => TimeSpan.FromSeconds(1),
                "m" => TimeSpan.FromMinutes(1),
                "h" => TimeSpan.FromHours(1),
                "d" => TimeSpan.FromDays(1),
                _ => null,
            };
            if (unit is null) return null;
            total += unit.Value * amount;
            text = text[letters..];
        }
        return total;
    }
}
