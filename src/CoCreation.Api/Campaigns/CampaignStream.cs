using CoCreation.Api.Identity;
using CoCreation.Campaigns;
using CoCreation.EventStore;

namespace CoCreation.Api.Campaigns;

/// <summary>Reading a campaign's stream and deciding against it: tiny streams, read whole.</summary>
internal static class CampaignStream
{
    public static async Task<(Campaign? State, long Version)> LoadAsync(EventStore.EventStore store, string campaignId, CancellationToken cancellationToken)
    {
        var events = await store.ReadStreamAsync(Campaign.StreamId(campaignId), cancellationToken: cancellationToken);
        return (Campaign.Fold(events.Select(e => e.Data)), events.Count == 0 ? 0 : events[^1].Version);
    }

    /// <summary>Whether the campaign was defined: one indexed lookup, for slices that only need to know it is there.</summary>
    public static async Task<bool> ExistsAsync(EventStore.EventStore store, string campaignId, CancellationToken cancellationToken) =>
        Slug.IsValid(campaignId) && await store.ReadStreamVersionAsync(Campaign.StreamId(campaignId), cancellationToken) is not null;

    /// <summary>
    /// Defines or updates a campaign; appends only when something changed. Returns the sequence of the
    /// last event appended (null when nothing was), for callers that wait for projections.
    /// </summary>
    /// <exception cref="ConcurrencyException">Another writer changed the campaign since it was read.</exception>
    public static async Task<(Campaign Campaign, bool Created, long? Sequence)> DefineAsync(EventStore.EventStore store, DefineCampaign command, Actor actor, CancellationToken cancellationToken)
    {
        var (state, version) = await LoadAsync(store, command.CampaignId, cancellationToken);
        var events = DefineCampaign.Decide(state, command);
        long? sequence = null;
        if (events.Count > 0)
        {
            var result = await store.AppendAsync(Campaign.StreamId(command.CampaignId), events, new AppendOptions
            {
                Expected = version == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(version),
                Actor = actor.Value,
                StreamType = "campaign",
            }, cancellationToken);
            sequence = result.LastSequence;
        }
        return (events.Aggregate(state, Campaign.Evolve)!, state is null, sequence);
    }
}
