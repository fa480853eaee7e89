using CoCreation.Api.Identity;
using CoCreation.Api.Suggestions.Listing;
using CoCreation.Api.Suggestions.Merging;
using CoCreation.Api.Suggestions.Moderating;
using CoCreation.Api.Suggestions.Suggesting;
using CoCreation.Api.Suggestions.Upvoting;
using CoCreation.Api.Trust.RateLimiting;
using CoCreation.EventStore;
using CoCreation.Suggestions;

namespace CoCreation.Api.Suggestions;

/// <summary>Suggestions per question: submission, moderation, upvotes, merges, the live board.</summary>
public static class SuggestionsModule
{
    public static IServiceCollection AddSuggestions(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EventStoreOptions>(options => options.Events
            .Add<SuggestionSubmitted>("suggestion-submitted")
            .Add<SuggestionApproved>("suggestion-approved")
            .Add<SuggestionRejected>("suggestion-rejected")
            .Add<SuggestionMerged>("suggestion-merged")
            .Add<SuggestionUnmerged>("suggestion-unmerged")
            .Add<SuggestionUpvoted>("suggestion-upvoted")
            .Add<SuggestionUpvoteWithdrawn>("suggestion-upvote-withdrawn"));
        services.AddOptions<SuggestionsOptions>().Bind(configuration.GetSection(SuggestionsOptions.Section));
        services.AddLiveProjection<SuggestionBoard>();
        return services;
    }

    public static IEndpointRouteBuilder MapSuggestions(this IEndpointRouteBuilder endpoints)
    {
        var question = endpoints.MapGroup("/api/campaigns/{campaignId}/questions/{questionId}/suggestions").WithTags("Suggestions");
        question.MapPost("", SubmitSuggestionEndpoint.Handle).WithName("SubmitSuggestion").RequireRateLimit(RateLimitPolicies.Suggestions)
            .RequireAuthorization(Roles.ParticipantOrGuest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        question.MapGet("", ListSuggestionsEndpoint.Handle).WithName("ListSuggestions").RequireRateLimit(RateLimitPolicies.PublicReads)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        var suggestion = endpoints.MapGroup("/api/campaigns/{campaignId}/suggestions/{suggestionId}").WithTags("Suggestions");
        suggestion.MapPost("/moderation", ModerateSuggestionEndpoint.Handle).WithName("ModerateSuggestion").RequireRateLimit(RateLimitPolicies.Admin)
            .RequireAuthorization(Roles.Admin).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        suggestion.MapPost("/merge", MergeEndpoints.Merge).WithName("MergeSuggestion").RequireRateLimit(RateLimitPolicies.Admin)
            .RequireAuthorization(Roles.Admin).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        suggestion.MapPost("/unmerge", MergeEndpoints.Unmerge).WithName("UnmergeSuggestion").RequireRateLimit(RateLimitPolicies.Admin)
            .RequireAuthorization(Roles.Admin).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        suggestion.MapPost("/upvote", UpvoteEndpoints.Upvote).WithName("UpvoteSuggestion").RequireRateLimit(RateLimitPolicies.ParticipantWrites)
            .RequireAuthorization(Roles.ParticipantOrGuest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        suggestion.MapDelete("/upvote", UpvoteEndpoints.Withdraw).WithName("WithdrawSuggestionUpvote").RequireRateLimit(RateLimitPolicies.ParticipantWrites)
            .RequireAuthorization(Roles.ParticipantOrGuest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return endpoints;
    }
}
