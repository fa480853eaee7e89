using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Errors;

/// <summary>The ProblemDetails answers every slice gives alike; slices word their own 404s and 409s on top of these.</summary>
internal static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    public static ProblemHttpResult NoCampaign(string campaignId) => NotFound($"There is no campaign '{campaignId}'.");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);
}
