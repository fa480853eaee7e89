using System.Globalization;
using System.Text;

namespace CoCreation.Suggestions;

/// <summary>
/// The rule for a suggestion's text. It is normalised to Unicode NFC, its line breaks to <c>\n</c>, and trimmed;
/// then it must be 2 to 500 text elements long (what a reader counts as characters: a grapheme cluster such as
/// an emoji with modifiers is one) and at most 4,000 UTF-16 code units, hold no control character except the line
/// break, and contain no banned word. What is stored is exactly the normalised text.
/// </summary>
public static class SuggestionText
{
    public const int MinLength = 2;
    public const int MaxLength = 500;
    public const int MaxCodeUnits = 4_000;

    /// <summary>The normalised text, or why it is refused (the messages of the <c>text</c> field).</summary>
    public static (string? Text, string[] Errors) Check(string? text, IReadOnlyCollection<string> bannedWords)
    {
        ArgumentNullException.ThrowIfNull(bannedWords);
        if (text is null) return (null, ["A text is required."]);
        if (!IsWellFormed(text)) return (null, ["The text is not well-formed Unicode (a lone surrogate)."]);
        var normalised = Normalise(text);
        var length = new StringInfo(normalised).LengthInTextElements;
        if (length < MinLength) return (null, [$"The text must be at least {MinLength} characters."]);
        if (length > MaxLength || normalised.Length > MaxCodeUnits) return (null, [$"The text must be at most {MaxLength} characters."]);
        if (normalised.Any(c => char.IsControl(c) && c != '\n')) return (null, ["The text must not contain control characters other than line breaks."]);
        if (FindBanned(normalised, bannedWords) is { } word) return (null, [$"The text contains a word that is not allowed here: '{word}'."]);
        return (normalised, []);
    }

    /// <summary>NFC, <c>\r\n</c> and <c>\r</c> as <c>\n</c>, trimmed of white space at both ends.</summary>
    public static string Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Normalize(NormalizationForm.FormC).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();
    }

    /// <summary>
    /// The first banned word in <paramref name="text"/>, compared case-insensitively after both are normalised.
    /// A word of ASCII letters and digits only matches whole words (so "ass" does not refuse "class"); any other
    /// word matches anywhere, as scripts like Chinese do not separate words.
    /// </summary>
    public static string? FindBanned(string text, IEnumerable<string> bannedWords)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(bannedWords);
        foreach (var banned in bannedWords)
        {
            if (string.IsNullOrWhiteSpace(banned)) continue;
            var word = Normalise(banned);
            var wholeWord = word.All(char.IsAsciiLetterOrDigit);
            for (var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0;
                 at = text.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
            {
                if (!wholeWord || (!IsWordCharacter(text, at - 1) && !IsWordCharacter(text, at + word.Length))) return banned;
            }
        }
        return null;
    }

    private static bool IsWordCharacter(string text, int index) => index >= 0 && index < text.Length && char.IsLetterOrDigit(text[index]);

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return false;
        }
        return true;
    }
}
