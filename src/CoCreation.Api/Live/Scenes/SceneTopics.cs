using CoCreation.Api.Live.Topics;

namespace CoCreation.Api.Live.Scenes;

/// <summary>The campaign's scene as a live topic: <c>scene(scene)</c>, shown to every watcher.</summary>
internal sealed class SceneTopics(LiveScenes scenes) : ILiveTopicSource
{
    public string Method => "scene";

    public bool IsResult => false;

    public IEnumerable<LiveTopicVersion> TopicsOf(string campaignId) => [new("", scenes.SceneOf(campaignId).AsOf?.Sequence ?? 0)];

    public LiveMessage? Render(string campaignId, string topicId)
    {
        var scene = scenes.SceneOf(campaignId);
        return new LiveMessage([scene], scene.AsOf?.Sequence ?? 0);
    }
}
