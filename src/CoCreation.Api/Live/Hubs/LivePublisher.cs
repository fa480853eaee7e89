using CoCreation.Api.Live.Scenes;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Live.Hubs;

/// <summary>
/// Pushes what this node's live projections have applied to this node's watchers. Every
/// <see cref="LiveOptions.PushInterval"/> it compares each watched topic's sequence with the one it last pushed and
/// sends the topics that moved, once per tick at most: that is the coalescing (a burst of 50 submissions becomes one
/// push per tick carrying the latest figures). It only reads the projections, so the daemon's loop never waits on it.
/// </summary>
/// <remarks>
/// Sends go to SignalR groups and are not awaited: each connection has its own bounded send buffer, and a connection
/// that cannot take its writes within the transport's send timeout is closed, so a stalled viewer costs neither the
/// loop nor the other viewers. A failed send is logged and the loop goes on.
/// </remarks>
internal sealed class LivePublisher(
    LiveWatchers watchers, LiveScenes scenes, IHubContext<LiveHub> hub, IOptions<LiveOptions> options, ILogger<LivePublisher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var watch in watchers.Watched())
                {
                    try
                    {
                        Publish(watch);
                    }
                    catch (Exception e)
                    {
                        logger.LogError(e, "Live updates of campaign {Campaign} failed on this tick", watch.CampaignId);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Publish(CampaignWatch watch)
    {
        var campaignId = watch.CampaignId;
        var reveal = scenes.SceneOf(campaignId).RevealResults;
        // Public watchers just got the right to see results: they need the current ones, changed or not.
        var revealed = reveal && !watch.RevealResults;
        watch.RevealResults = reveal;
        foreach (var source in watchers.Sources)
        {
            foreach (var topic in source.TopicsOf(campaignId))
            {
                var key = (source.Method, topic.Id);
                var changed = !watch.Pushed.TryGetValue(key, out var pushed) || pushed != topic.Sequence;
                if (!changed && !(revealed && source.IsResult)) continue;
                if (source.Render(campaignId, topic.Id) is not { } message) continue;
                watch.Pushed[key] = message.Sequence;

                IReadOnlyList<string> groups = (source.IsResult, changed, reveal) switch
                {
                    (false, _, _) or (true, true, true) => [LiveGroups.Public(campaignId), LiveGroups.Results(campaignId)],
                    (true, true, false) => [LiveGroups.Results(campaignId)],
                    (true, false, _) => [LiveGroups.Public(campaignId)],
                };
                _ = ObserveAsync(hub.Clients.Groups(groups).SendCoreAsync(source.Method, message.Arguments), source.Method, campaignId);
            }
        }
    }

    private async Task ObserveAsync(Task send, string method, string campaignId)
    {
        try
        {
            await send;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "A live {Method} push for campaign {Campaign} failed", method, campaignId);
        }
    }
}
