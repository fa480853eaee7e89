using CoCreation.Api.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Suggestions;

/// <summary>The suggestions slice's ProblemDetails answers, worded once.</summary>
internal static class SuggestionProblems
{
    public static ProblemHttpResult NoSuggestion(string campaignId, string suggestionId) =>
        Problems.NotFound($"There is no suggestion '{suggestionId}' in campaign '{campaignId}'.");
}
