using CoCreation.Api.Identity;
using CoCreation.Api.Participants.Erasing;
using CoCreation.Api.Trust.RateLimiting;
using CoCreation.EventStore;
using CoCreation.Participants;

namespace CoCreation.Api.Participants;

/// <summary>Erasure of a person: their directory row goes, every node forgets the mapping, the log records the act.</summary>
public static class ErasureModule
{
    public static IServiceCollection AddErasure(this IServiceCollection services)
    {
        services.Configure<EventStoreOptions>(options => options.Events.Add<ParticipantErased>("participant-erased"));
        services.AddLiveProjection<ErasedParticipants>();
        return services;
    }

    public static IEndpointRouteBuilder MapErasure(this IEndpointRouteBuilder endpoints)
    {
        var participants = endpoints.MapGroup("/api/participants").WithTags("Participants")
            .RequireAuthorization(Roles.Admin).RequireRateLimit(RateLimitPolicies.Admin).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        participants.MapDelete("/{oneId}", EraseParticipantEndpoint.Handle).WithName("EraseParticipant");
        participants.MapDelete("/guests/{deviceId}", EraseParticipantEndpoint.HandleGuest).WithName("EraseGuest")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }
}
