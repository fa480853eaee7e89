using CoCreation.Api.Campaigns;
using CoCreation.Participants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Identity.Guests;

/// <summary>
/// What a participant write does for OneID holders and guests alike: the participant id, the metadata actor (which
/// marks a guest's events), and the guest check: a guest may take part only where the campaign and the activity both
/// allow guests.
/// </summary>
internal static class GuestAccess
{
    public static Task<Guid> ResolveAsync(this ParticipantDirectory participants, Actor actor, CancellationToken cancellationToken) =>
        actor.GuestKey is { } guest ? participants.ResolveGuestAsync(guest, cancellationToken) : participants.ResolveAsync(actor.OneId!, cancellationToken);

    public static string ActorOf(Actor actor, Guid participantId) =>
        actor.IsGuest ? ParticipantDirectory.GuestActorOf(participantId) : ParticipantDirectory.ActorOf(participantId);

    /// <summary>Null when <paramref name="actor"/> may take part; otherwise the 403 to answer. Reads the campaign only for guests.</summary>
    public static async Task<ProblemHttpResult?> RefuseAsync(
        Actor actor, EventStore.EventStore store, string campaignId, bool activityAllowsGuests, string activity, CancellationToken cancellationToken)
    {
        if (!actor.IsGuest) return null;
        if (activityAllowsGuests && (await CampaignStream.LoadAsync(store, campaignId, cancellationToken)).State is { AllowGuests: true }) return null;
        return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
            detail: $"Guests may not take part in {activity}; sign in with OneID.");
    }
}
