using CoCreation.Api.Identity;
using CoCreation.Api.Live.Topics;
using CoCreation.Api.Voting.CastingBallot;
using CoCreation.Api.Voting.DefiningQuestion;
using CoCreation.Api.Voting.Exporting;
using CoCreation.Api.Voting.GettingQuestion;
using CoCreation.Api.Voting.OpeningAndClosing;
using CoCreation.Api.Voting.Results;
using CoCreation.Api.Trust.RateLimiting;
using CoCreation.EventStore;
using CoCreation.Voting;

namespace CoCreation.Api.Voting;

/// <summary>Product-definition questions: definitions and rounds, ballots, live results.</summary>
public static class VotingModule
{
    public static IServiceCollection AddVoting(this IServiceCollection services)
    {
        services.Configure<EventStoreOptions>(options => options.Events
            .Add<QuestionDefined>("question-defined")
            .Add<QuestionUpdated>("question-updated")
            .Add<QuestionRoundOpened>("question-round-opened")
            .Add<QuestionRoundClosed>("question-round-closed")
            .Add<BallotCast>("ballot-cast"));
        services.AddLiveProjection<VoteResults>();
        services.AddLiveTopics<VoteResultsTopics>();
        services.AddSingleton<CurrentBallots>();
        services.AddSingleton<QuestionCache>();
        return services;
    }

    public static IEndpointRouteBuilder MapVoting(this IEndpointRouteBuilder endpoints)
    {
        var question = endpoints.MapGroup("/api/campaigns/{campaignId}/questions/{questionId}").WithTags("Voting");
        question.MapPut("", DefineQuestionEndpoint.Handle).WithName("DefineQuestion").RequireRateLimit(RateLimitPolicies.Admin)
            .RequireAuthorization(Roles.Admin).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        question.MapGet("", GetQuestionEndpoint.Handle).WithName("GetQuestion").RequireRateLimit(RateLimitPolicies.PublicReads);
        question.MapPost("/open", QuestionRoundEndpoints.Open).WithName("OpenQuestionRound").RequireRateLimit(RateLimitPolicies.Admin)
            .RequireAuthorization(Roles.Host).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        question.MapPost("/close", QuestionRoundEndpoints.Close).WithName("CloseQuestionRound").RequireRateLimit(RateLimitPolicies.Admin)
            .RequireAuthorization(Roles.Host).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        question.MapPost("/ballots", CastBallotEndpoint.Handle).WithName("CastBallot").RequireRateLimit(RateLimitPolicies.ParticipantWrites)
            .RequireAuthorization(Roles.ParticipantOrGuest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        question.MapGet("/results", GetResultsEndpoint.Handle).WithName("GetVoteResults").RequireRateLimit(RateLimitPolicies.PublicReads).ProducesProblem(StatusCodes.Status404NotFound);
        question.MapGet("/export", ExportBallotsEndpoint.Handle).WithName("ExportBallots").RequireRateLimit(RateLimitPolicies.Admin)
            .RequireAuthorization(Roles.Admin).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }
}
