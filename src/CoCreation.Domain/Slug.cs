namespace CoCreation;

/// <summary>Ids in paths: <c>[a-z0-9][a-z0-9-]{0,63}</c>.</summary>
public static class Slug
{
    public const int MaxLength = 64;

    public const string Rule = "must be 1 to 64 lower-case letters, digits or hyphens, starting with a letter or digit";

    public static bool IsValid(string? value) =>
        value is { Length: > 0 and <= MaxLength }
        && IsLetterOrDigit(value[0])
        && value.All(c => IsLetterOrDigit(c) || c == '-');

    private static bool IsLetterOrDigit(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
}
