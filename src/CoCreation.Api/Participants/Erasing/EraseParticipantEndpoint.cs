using CoCreation.Api.Errors;
using CoCreation.Api.Identity;
using CoCreation.Api.Identity.Guests;
using CoCreation.EventStore.Projections;
using CoCreation.EventStore;
using CoCreation.OneId;
using CoCreation.Participants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Participants.Erasing;

public static class EraseParticipantEndpoint
{
    private static readonly TimeSpan ProjectionWait = TimeSpan.FromSeconds(2);

    /// <summary>
    /// DELETE /api/participants/{oneId} (admin): 204 once the person's directory row is gone and the erasure is in the
    /// log; 204 as well when there was nothing to erase (never seen, or erased before), so a retry is always safe.
    /// </summary>
    public static async Task<Results<NoContent, ValidationProblem>> Handle(
        string oneId, Actor actor, ParticipantDirectory participants, EventStore.EventStore store, ProjectionDaemon daemon,
        CancellationToken cancellationToken)
    {
        if (!OneIds.IsValid(oneId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["oneId"] = [OneIds.Requirement] },
                detail: "The OneID is not valid; see errors.");
        }
        await participants.EraseAsync(oneId, actor.Value, cancellationToken);
        await AnnounceAsync(participants, store, daemon, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// DELETE /api/participants/guests/{deviceId} (admin): erases the guest of that device like a OneID (204 also when
    /// there is none); 404 when no guest key is configured, as then no guest can exist.
    /// </summary>
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> HandleGuest(
        string deviceId, Actor actor, IOptions<AuthOptions> options, GuestTokens guests, ParticipantDirectory participants,
        EventStore.EventStore store, ProjectionDaemon daemon, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(options.Value.Guests.SigningKey))
        {
            return Problems.NotFound("This server has no guest key (Auth:Guests:SigningKey), so it has no guests to erase.");
        }
        if (!GuestTokens.IsValidDeviceId(deviceId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["deviceId"] = [GuestTokens.DeviceIdRequirement] },
                detail: "The device id is not valid; see errors.");
        }
        await participants.EraseGuestAsync(guests.KeyOf(deviceId), actor.Value, cancellationToken);
        await AnnounceAsync(participants, store, daemon, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Appends a <see cref="ParticipantErased"/> for every erasure still pending (this one, and any whose announcement
    /// failed before), then waits until this node applied them. Keyed by the participant id, so announcing twice
    /// stores one event.
    /// </summary>
    internal static async Task AnnounceAsync(ParticipantDirectory participants, EventStore.EventStore store, ProjectionDaemon daemon, CancellationToken cancellationToken)
    {
        long? last = null;
        foreach (var pending in await participants.PendingErasuresAsync(cancellationToken))
        {
            var result = await store.AppendAsync(ParticipantErasure.StreamId(pending.ParticipantId),
                [new ParticipantErased(pending.ParticipantId, pending.Guest, pending.Actor)],
                new AppendOptions
                {
                    Idempotency = new IdempotencyKey($"erasure:{pending.ParticipantId:N}", "erasure"),
                    Actor = pending.Actor,
                    StreamType = "erasure",
                }, cancellationToken);
            await participants.CompleteErasureAsync(pending.ParticipantId, cancellationToken);
            last = Math.Max(last ?? 0, result.LastSequence);
        }
        if (last is { } sequence)
        {
            await daemon.WaitForPositionAsync(ErasedParticipants.ProjectionName, sequence, ProjectionWait, cancellationToken);
        }
    }
}
