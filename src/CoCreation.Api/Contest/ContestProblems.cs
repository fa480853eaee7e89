using CoCreation.Api.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Contest;

/// <summary>The contest slice's ProblemDetails answers, worded once.</summary>
internal static class ContestProblems
{
    public static ProblemHttpResult NoContest(string campaignId, string contestId) =>
        Problems.NotFound($"There is no contest '{contestId}' in campaign '{campaignId}'.");

    public static ProblemHttpResult NoEntry(string contestId, string entryId) =>
        Problems.NotFound($"There is no entry '{entryId}' in contest '{contestId}' that you may see.");

    public static ProblemHttpResult TooLarge(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large", detail: detail);
}
