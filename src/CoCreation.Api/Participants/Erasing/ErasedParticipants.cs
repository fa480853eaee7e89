using CoCreation.EventStore.Projections;
using CoCreation.EventStore;
using CoCreation.Participants;
using System.Text.Json;

namespace CoCreation.Api.Participants.Erasing;

/// <summary>
/// Applies every <see cref="ParticipantErased"/> in the log on every node: the node's participants directory forgets
/// the id, so no node keeps serving a OneID → participant id mapping that an erasure on another node deleted. Its state
/// is the erased ids (a snapshot restores them into the directory, so a node starting from one forgets them too).
/// </summary>
public sealed class ErasedParticipants(ParticipantDirectory directory) : ILiveProjection
{
    public const string ProjectionName = "participant-erasures";

    private readonly Lock _lock = new();
    private readonly List<Guid> _erased = [];

    public string Name => ProjectionName;

    public string Version => "1";

    public void Apply(IReadOnlyList<RecordedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            if (e.Data is not ParticipantErased erased) continue;
            directory.Forget(erased.ParticipantId);
            lock (_lock) _erased.Add(erased.ParticipantId);
        }
    }

    public byte[] CreateSnapshot()
    {
        lock (_lock) return JsonSerializer.SerializeToUtf8Bytes(_erased, JsonSerializerOptions.Web);
    }

    public void Restore(byte[] snapshot)
    {
        var erased = JsonSerializer.Deserialize<List<Guid>>(snapshot, JsonSerializerOptions.Web)
            ?? throw new InvalidDataException("The participant erasures snapshot is empty.");
        foreach (var id in erased) directory.Forget(id);
        lock (_lock)
        {
            _erased.Clear();
            _erased.AddRange(erased);
        }
    }

    // The directory keeps forgetting what it forgot: participant ids are never reused, so nothing comes back.
    public void Reset()
    {
        lock (_lock) _erased.Clear();
    }
}
