using System.Collections.Concurrent;
using System.Text.Json;
using CoCreation.EventStore;
using CoCreation.EventStore.Projections;
using CoCreation.Live;

namespace CoCreation.Api.Live.Scenes;

/// <summary>
/// Every campaign's current scene and overlay-token generation, in memory on every node from the committed log,
/// so each node pushes scene changes to its own watchers and verifies overlay tokens without a query.
/// </summary>
public sealed class LiveScenes : ILiveProjection
{
    public const string ProjectionName = "live-scenes";

    private volatile State _state = new(new(), new());

    public string Name => ProjectionName;

    public string Version => "1";

    /// <summary>The campaign's scene; blank until a host switches one.</summary>
    public SceneResponse SceneOf(string campaignId) => _state.Scenes.TryGetValue(campaignId, out var scene) ? scene : SceneResponse.Blank(campaignId);

    /// <summary>How many times the campaign's overlay token was rotated (0: the first token).</summary>
    public int OverlayGenerationOf(string campaignId) => _state.OverlayGenerations.GetValueOrDefault(campaignId);

    public void Apply(IReadOnlyList<RecordedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var state = _state;
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case SceneChanged s:
                    state.Scenes[s.CampaignId] = new SceneResponse(s.CampaignId, s.Kind, s.TargetId, s.RevealResults, new SceneAsOf(e.Sequence, e.Timestamp));
                    break;
                case OverlayTokenRotated r:
                    state.OverlayGenerations[r.CampaignId] = r.Generation;
                    break;
            }
        }
    }

    /// <summary>JSON of <see cref="State"/>: a few hundred bytes per campaign.</summary>
    public byte[] CreateSnapshot() => JsonSerializer.SerializeToUtf8Bytes(_state, JsonSerializerOptions.Web);

    public void Restore(byte[] snapshot)
    {
        _state = JsonSerializer.Deserialize<State>(snapshot, JsonSerializerOptions.Web)
            ?? throw new InvalidDataException("The live scenes snapshot is empty.");
    }

    public void Reset() => _state = new(new(), new());

    private sealed record State(ConcurrentDictionary<string, SceneResponse> Scenes, ConcurrentDictionary<string, int> OverlayGenerations);
}
