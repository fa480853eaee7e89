namespace CoCreation.Api.Suggestions;

/// <summary>Settings of the suggestions slice (<c>Suggestions:…</c>).</summary>
public sealed class SuggestionsOptions
{
    public const string Section = "Suggestions";

    /// <summary>Words a suggestion may not contain, matched case-insensitively after normalisation (see <see cref="CoCreation.Suggestions.SuggestionText"/>).</summary>
    public IReadOnlyList<string> BannedWords { get; set; } = [];
}
