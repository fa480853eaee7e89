using CoCreation.Api.Live.Scenes;
using CoCreation.Api.Live.Topics;

namespace CoCreation.Api.Live.Hubs;

/// <summary>
/// The campaigns this node's connections watch, and per campaign the sequence each topic was last pushed at, so
/// the publisher pushes only what moved and only for campaigns somebody here watches.
/// </summary>
internal sealed class LiveWatchers
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, CampaignWatch> _campaigns = new(StringComparer.Ordinal);
    private readonly LiveScenes _scenes;

    public LiveWatchers(IEnumerable<ILiveTopicSource> sources, LiveScenes scenes)
    {
        Sources = [.. sources];
        _scenes = scenes;
        if (Sources.GroupBy(s => s.Method, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new InvalidOperationException($"Two live topic sources push '{twice.Key}'.");
        }
    }

    public IReadOnlyList<ILiveTopicSource> Sources { get; }

    /// <summary>
    /// One more connection watches the campaign. The first one seeds the pushed sequences with the current ones, read
    /// before that connection renders its initial state: anything newer than the seed is pushed, nothing older is missed.
    /// </summary>
    public void Add(string campaignId)
    {
        lock (_lock)
        {
            if (!_campaigns.TryGetValue(campaignId, out var watch))
            {
                watch = new CampaignWatch(campaignId) { RevealResults = _scenes.SceneOf(campaignId).RevealResults };
                foreach (var source in Sources)
                {
                    foreach (var topic in source.TopicsOf(campaignId)) watch.Pushed[(source.Method, topic.Id)] = topic.Sequence;
                }
                _campaigns[campaignId] = watch;
            }
            watch.Connections++;
        }
    }

    public void Remove(string campaignId)
    {
        lock (_lock)
        {
            if (_campaigns.TryGetValue(campaignId, out var watch) && --watch.Connections == 0) _campaigns.Remove(campaignId);
        }
    }

    public IReadOnlyList<CampaignWatch> Watched()
    {
        lock (_lock) return [.. _campaigns.Values];
    }
}

/// <summary>One watched campaign; after seeding only the publisher's loop touches <see cref="Pushed"/> and <see cref="RevealResults"/>.</summary>
internal sealed class CampaignWatch(string campaignId)
{
    public string CampaignId { get; } = campaignId;

    /// <summary>Guarded by the <see cref="LiveWatchers"/> lock.</summary>
    public int Connections { get; set; }

    public Dictionary<(string Method, string Id), long> Pushed { get; } = [];

    /// <summary>Whether public watchers were last sent results.</summary>
    public bool RevealResults { get; set; }
}
