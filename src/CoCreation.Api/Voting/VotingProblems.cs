using CoCreation.Api.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Voting;

/// <summary>The voting slice's ProblemDetails answers, worded once.</summary>
internal static class VotingProblems
{
    public static ProblemHttpResult NoQuestion(string campaignId, string questionId) =>
        Problems.NotFound($"There is no question '{questionId}' in campaign '{campaignId}'.");

    public static ProblemHttpResult NotOpen(string questionId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Round not open",
            detail: $"The round of question '{questionId}' is not open: before its opening time, after its closing time, or closed by a host.");
}
