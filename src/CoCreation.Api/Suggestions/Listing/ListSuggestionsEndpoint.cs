using System.Security.Claims;
using CoCreation.Api.Identity;
using CoCreation.Api.Voting;
using CoCreation.Suggestions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Suggestions.Listing;

public static class ListSuggestionsEndpoint
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>
    /// GET /api/campaigns/{campaignId}/questions/{questionId}/suggestions?status=approved&amp;sort=top|new&amp;limit=&amp;offset=:
    /// approved ones are public; the moderation queue (pending) and rejected or merged ones need an admin.
    /// </summary>
    public static async Task<Results<Ok<SuggestionPage>, ValidationProblem, ProblemHttpResult>> Handle(
        string campaignId, string questionId, string? status, string? sort, string? limit, string? offset,
        ClaimsPrincipal user, IAuthorizationService authorization, SuggestionBoard board)
    {
        status = string.IsNullOrEmpty(status) ? SuggestionStatuses.Approved : status;
        sort = string.IsNullOrEmpty(sort) ? SuggestionSorts.Top : sort;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!SuggestionStatuses.IsKnown(status)) errors["status"] = [$"must be one of {string.Join(", ", SuggestionStatuses.All)}"];
        if (!SuggestionSorts.IsKnown(sort)) errors["sort"] = [$"must be '{SuggestionSorts.Top}' or '{SuggestionSorts.New}'"];
        var take = DefaultLimit;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, out take) || take is < 1 or > MaxLimit)) errors["limit"] = [$"must be a whole number from 1 to {MaxLimit}"];
        var skip = 0;
        if (!string.IsNullOrEmpty(offset) && (!int.TryParse(offset, out skip) || skip < 0)) errors["offset"] = ["must be a whole number of 0 or more"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, detail: "The list query is not valid; see errors.");

        if (status != SuggestionStatuses.Approved)
        {
            if (user.Identity?.IsAuthenticated != true)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                    detail: $"Listing {status} suggestions needs an admin key.");
            }
            if (!(await authorization.AuthorizeAsync(user, Roles.Admin)).Succeeded)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                    detail: $"Only admins may list {status} suggestions.");
            }
        }
        return board.List(campaignId, questionId, status, sort, skip, take) is { } page
            ? TypedResults.Ok(page)
            : VotingProblems.NoQuestion(campaignId, questionId);
    }
}
