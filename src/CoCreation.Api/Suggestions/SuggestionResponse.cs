using CoCreation.Suggestions;

namespace CoCreation.Api.Suggestions;

/// <summary>A suggestion as a write leaves it.</summary>
public sealed record SuggestionResponse(Guid SuggestionId, string QuestionId, string Text, string Status, Guid? MergedInto)
{
    public static SuggestionResponse From(Suggestion suggestion)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        return new(suggestion.SuggestionId, suggestion.QuestionId, suggestion.Text, suggestion.Status, suggestion.MergedInto);
    }
}
