namespace CoCreation.Participants;

/// <summary>
/// An admin erased a person (stream <see cref="ParticipantErasure.StreamId"/>): their row in the participants
/// directory is gone, so this participant id no longer links to any OneID or device. It carries the participant id,
/// never the OneID: every node drops the id from its cache when it applies this event.
/// </summary>
public sealed record ParticipantErased(Guid ParticipantId, bool Guest, string Actor);

/// <summary>Where erasures are recorded.</summary>
public static class ParticipantErasure
{
    public static string StreamId(Guid participantId) => $"erasure/{participantId:N}";
}
