using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Suggestions;

/// <summary>The suggestions slice's ProblemDetails answers, worded once.</summary>
internal static class SuggestionProblems
{
    public static ProblemHttpResult NoSuggestion(string campaignId, string suggestionId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
            detail: $"There is no suggestion '{suggestionId}' in campaign '{campaignId}'.");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);
}
