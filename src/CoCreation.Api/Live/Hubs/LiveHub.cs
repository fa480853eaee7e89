using CoCreation.Api.Campaigns;
using CoCreation.Api.Identity;
using CoCreation.Api.Live.OverlayTokens;
using CoCreation.Api.Live.Scenes;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Live.Hubs;

/// <summary>What a <c>Watch</c> granted: <see cref="Access"/> is public, overlay, host or admin.</summary>
public sealed record WatchResponse(string CampaignId, string Access, bool ResultsShown);

/// <summary>
/// <c>/hubs/live</c>: a client watches campaigns and receives <c>scene(scene)</c>, <c>priceStats(itemId, stats)</c>
/// and the other topics' messages, first the current state at <c>Watch</c>, then pushes from <see cref="LivePublisher"/>.
/// </summary>
internal sealed class LiveHub(
    EventStore.EventStore store, LiveWatchers watchers, LiveScenes scenes, OverlayTokenSigner tokens, ApiKeys keys,
    IOptions<LiveOptions> options) : Hub
{
    private const string WatchedKey = "live:watched";
    private const string PublicAccess = "public";

    /// <summary>
    /// Watches a campaign. <paramref name="token"/> (or the connection's <c>?token=</c>) may be the campaign's overlay
    /// token or a host or admin key, which always see results; without one results come only while the scene reveals them.
    /// Watching a campaign again re-sends its state (and takes the new token).
    /// </summary>
    public async Task<WatchResponse> Watch(string campaignId, string? token)
    {
        if (!Slug.IsValid(campaignId)) throw new HubException($"There is no such campaign: a campaign id {Slug.Rule}.");
        var watched = Watched();
        var again = watched.TryGetValue(campaignId, out var sawResults);
        var limit = options.Value.MaxCampaignsPerConnection;
        if (!again && watched.Count >= limit)
        {
            throw new HubException($"A connection may watch at most {limit} campaigns at once; unwatch one first.");
        }
        if (!await CampaignStream.ExistsAsync(store, campaignId, Context.ConnectionAborted))
        {
            throw new HubException($"There is no campaign '{campaignId}'.");
        }

        var access = Authorize(campaignId, token ?? Context.GetHttpContext()?.Request.Query["token"].ToString());
        var seesResults = access != PublicAccess;
        if (again && sawResults != seesResults)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, LiveGroups.For(campaignId, sawResults), Context.ConnectionAborted);
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.For(campaignId, seesResults), Context.ConnectionAborted);
        watched[campaignId] = seesResults;
        if (!again) watchers.Add(campaignId);

        var resultsShown = seesResults || scenes.SceneOf(campaignId).RevealResults;
        foreach (var source in watchers.Sources.Where(s => resultsShown || !s.IsResult))
        {
            foreach (var topic in source.TopicsOf(campaignId))
            {
                if (source.Render(campaignId, topic.Id) is { } message)
                {
                    await Clients.Caller.SendCoreAsync(source.Method, message.Arguments, Context.ConnectionAborted);
                }
            }
        }
        return new WatchResponse(campaignId, access, resultsShown);
    }

    /// <summary>Stops watching a campaign; false when the connection was not watching it.</summary>
    public async Task<bool> Unwatch(string campaignId)
    {
        if (campaignId is null || !Watched().Remove(campaignId, out var sawResults)) return false;
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, LiveGroups.For(campaignId, sawResults), Context.ConnectionAborted);
        watchers.Remove(campaignId);
        return true;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        // SignalR drops the connection from its groups itself.
        foreach (var campaignId in Watched().Keys) watchers.Remove(campaignId);
        return Task.CompletedTask;
    }

    private string Authorize(string campaignId, string? token)
    {
        if (string.IsNullOrEmpty(token)) return PublicAccess;
        if (tokens.IsCurrent(campaignId, token)) return "overlay";
        return keys.Match(token) ?? throw new HubException(
            "The token is neither this campaign's current overlay token nor a host or admin key; watch without a token for the public view.");
    }

    /// <summary>Campaign → whether this connection sees results; invocations of one connection run one at a time.</summary>
    private Dictionary<string, bool> Watched()
    {
        if (Context.Items.TryGetValue(WatchedKey, out var value) && value is Dictionary<string, bool> watched) return watched;
        watched = new Dictionary<string, bool>(StringComparer.Ordinal);
        Context.Items[WatchedKey] = watched;
        return watched;
    }
}
