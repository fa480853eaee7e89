namespace CoCreation;

/// <summary>
/// Ids in paths: <c>[a-z0-9][a-z0-9.-]{0,63}</c>, with dots only between other characters (never last, never two
/// in a row), so trims like <c>d90-2.0t-4wd</c> are ids while <c>..</c> and <c>a.</c> can never be path tricks.
/// </summary>
public static class Slug
{
    public const int MaxLength = 64;

    public const string Rule =
        "must be 1 to 64 lower-case letters, digits, hyphens or single dots, starting with a letter or digit and not ending with a dot";

    public static bool IsValid(string? value) =>
        value is { Length: > 0 and <= MaxLength }
        && IsLetterOrDigit(value[0])
        && value[^1] != '.'
        && !value.Contains("..", StringComparison.Ordinal)
        && value.All(c => IsLetterOrDigit(c) || c is '-' or '.');

    private static bool IsLetterOrDigit(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
}
