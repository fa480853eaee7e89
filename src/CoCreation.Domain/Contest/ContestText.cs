namespace CoCreation.Contest;

/// <summary>The rules for free text in a contest: titles are <see cref="DisplayName"/>s, descriptions bounded multi-line text.</summary>
public static class ContestText
{
    public const int MaxDescriptionLength = 4000;

    /// <summary>
    /// Trims, turns CR LF (what browsers send for a textarea) into LF, and makes blank null; null stays null.
    /// </summary>
    public static string? Normalize(string? text)
    {
        var value = text?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>Adds what is wrong with a normalized description to <paramref name="errors"/>: too long, or a control character besides LF.</summary>
    public static void CheckDescription(IDictionary<string, string[]> errors, string field, string? description)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (description is { Length: > MaxDescriptionLength })
        {
            errors[field] = [$"The {field} must be at most {MaxDescriptionLength} characters."];
        }
        else if (description is not null && description.Any(c => char.IsControl(c) && c != '\n'))
        {
            errors[field] = [$"The {field} must not contain control characters other than line breaks."];
        }
    }
}
