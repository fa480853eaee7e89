using CoCreation.Api.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Pricing;

/// <summary>The pricing slice's ProblemDetails answers, worded once.</summary>
internal static class PricingProblems
{
    public static ProblemHttpResult NoItem(string campaignId, string itemId) =>
        Problems.NotFound($"There is no pricing item '{itemId}' in campaign '{campaignId}'.");

    public static ProblemHttpResult NotOpen(string itemId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Round not open",
            detail: $"The price round for '{itemId}' is not open: before its opening time, after its closing time, or closed by a host.");
}
