using CoCreation.Api.Live.Scenes;
using CoCreation.EventStore;
using CoCreation.Live;

namespace CoCreation.Api.Tests.Live;

/// <summary>The scenes projection on its own: applying events, and a snapshot restored on another node.</summary>
public sealed class LiveScenesTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static RecordedEvent Recorded(long sequence, object data) =>
        new(sequence, Guid.NewGuid(), "s", 1, "t", data, At.AddSeconds(sequence), EventMetadata.None);

    [Fact]
    public void a_snapshot_restores_every_campaigns_scene_and_token_generation()
    {
        var scenes = new LiveScenes();
        scenes.Apply([
            Recorded(3, new SceneChanged("a", SceneKinds.Price, "d90", false, "host:h")),
            Recorded(5, new SceneChanged("a", SceneKinds.Vote, "colour", true, "host:h")),
            Recorded(6, new OverlayTokenRotated("a", 1, "admin:a")),
            Recorded(9, new OverlayTokenRotated("a", 2, "admin:a")),
            Recorded(10, new SceneChanged("b", SceneKinds.Counter, null, false, "admin:a")),
        ]);

        var restored = new LiveScenes();
        restored.Restore(scenes.CreateSnapshot());

        Assert.Equal(new SceneResponse("a", SceneKinds.Vote, "colour", true, new SceneAsOf(5, At.AddSeconds(5))), restored.SceneOf("a"));
        Assert.Equal(new SceneResponse("b", SceneKinds.Counter, null, false, new SceneAsOf(10, At.AddSeconds(10))), restored.SceneOf("b"));
        Assert.Equal(SceneResponse.Blank("c"), restored.SceneOf("c"));
        Assert.Equal(2, restored.OverlayGenerationOf("a"));
        Assert.Equal(0, restored.OverlayGenerationOf("b"));
        restored.Reset();
        Assert.Equal(SceneResponse.Blank("a"), restored.SceneOf("a"));
        Assert.Equal(0, restored.OverlayGenerationOf("a"));
    }
}
