using CoCreation.Api.Contest.ChangingStage;
using CoCreation.Api.Contest.DefiningContest;
using CoCreation.Api.Contest.Exporting;
using CoCreation.Api.Contest.Leaderboard;
using CoCreation.Api.Contest.ModeratingEntry;
using CoCreation.Api.Contest.ScoringEntry;
using CoCreation.Api.Contest.SubmittingEntry;
using CoCreation.Api.Contest.ViewingEntry;
using CoCreation.Api.Identity;
using CoCreation.Api.Live.Topics;
using CoCreation.Api.Trust.RateLimiting;
using CoCreation.Contest;
using CoCreation.EventStore;
using Microsoft.AspNetCore.Mvc;

namespace CoCreation.Api.Contest;

/// <summary>The design contest: contests and stages, entries with images, moderation, scoring, the leaderboard, exports.</summary>
public static class ContestModule
{
    public static IServiceCollection AddContest(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EventStoreOptions>(options => options.Events
            .Add<ContestDefined>("contest-defined")
            .Add<ContestUpdated>("contest-updated")
            .Add<ContestStageChanged>("contest-stage-changed")
            .Add<ContestEntrySubmitted>("contest-entry-submitted")
            .Add<ContestEntryModerated>("contest-entry-moderated")
            .Add<ContestEntryScored>("contest-entry-scored"));
        services.AddOptions<ContestOptions>().Bind(configuration.GetSection(ContestOptions.Section))
            .Validate(o => o.PriorWeight is null or > 0, "Contest:PriorWeight must be positive when set.")
            .ValidateOnStart();

        services.AddSingleton<ContestImages>();
        services.AddHostedService(provider => provider.GetRequiredService<ContestImages>());
        services.AddLiveProjection<ContestBoard>();
        services.AddLiveTopics<LeaderboardTopics>();
        return services;
    }

    public static IEndpointRouteBuilder MapContest(this IEndpointRouteBuilder endpoints)
    {
        var contest = endpoints.MapGroup("/api/campaigns/{campaignId}/contests/{contestId}").WithTags("Contest");
        contest.MapPut("", DefineContestEndpoint.Handle).WithName("DefineContest").AsAdmin();
        contest.MapGet("", GetContestEndpoint.Handle).WithName("GetContest").RequireRateLimit(RateLimitPolicies.PublicReads);
        contest.MapPost("/stage", ChangeStageEndpoint.Handle).WithName("ChangeContestStage").AsAdmin().ProducesProblem(StatusCodes.Status409Conflict);
        contest.MapPost("/entries", SubmitEntryEndpoint.Handle).WithName("SubmitContestEntry").RequireRateLimit(RateLimitPolicies.Uploads)
            .RequireAuthorization(Roles.ParticipantOrGuest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .Accepts<IFormFile>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(SubmitEntryEndpoint.MaxBodyBytes));
        contest.MapGet("/entries/{entryId}", EntryEndpoints.Get).WithName("GetContestEntry").RequireRateLimit(RateLimitPolicies.PublicReads);
        contest.MapGet("/entries/{entryId}/image", EntryEndpoints.GetImage).WithName("GetContestEntryImage").RequireRateLimit(RateLimitPolicies.PublicReads)
            .Produces<byte[]>(StatusCodes.Status200OK, "image/png", "image/jpeg", "image/webp").Produces(StatusCodes.Status304NotModified);
        contest.MapPost("/entries/{entryId}/moderation", ModerateEntryEndpoint.Handle).WithName("ModerateContestEntry").AsAdmin()
            .ProducesProblem(StatusCodes.Status409Conflict);
        contest.MapPost("/entries/{entryId}/score", ScoreEntryEndpoint.Handle).WithName("ScoreContestEntry").RequireRateLimit(RateLimitPolicies.ParticipantWrites)
            .RequireAuthorization(Roles.ParticipantOrGuest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        contest.MapGet("/leaderboard", GetLeaderboardEndpoint.Handle).WithName("GetContestLeaderboard").RequireRateLimit(RateLimitPolicies.PublicReads);
        contest.MapGet("/export", ExportContestEndpoint.Handle).WithName("ExportContest").AsAdmin()
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
        return endpoints;
    }

    private static RouteHandlerBuilder AsAdmin(this RouteHandlerBuilder builder) =>
        builder.RequireAuthorization(Roles.Admin).RequireRateLimit(RateLimitPolicies.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
}
