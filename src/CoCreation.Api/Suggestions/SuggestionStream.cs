using CoCreation.Api.Identity;
using CoCreation.Api.Suggestions.Listing;
using CoCreation.EventStore;
using CoCreation.EventStore.Projections;
using CoCreation.Suggestions;

namespace CoCreation.Api.Suggestions;

/// <summary>Reading a suggestion's stream (its submission and moderation: tiny, read whole) and appending to it.</summary>
internal static class SuggestionStream
{
    private static readonly TimeSpan ProjectionWait = TimeSpan.FromSeconds(2);

    /// <summary>The suggestion, or null when the id is not a UUID or there is no such suggestion in the campaign.</summary>
    public static async Task<(Suggestion? State, long Version)> LoadAsync(EventStore.EventStore store, string campaignId, string suggestionId, CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(campaignId) || !Guid.TryParse(suggestionId, out var id)) return (null, 0);
        var events = await store.ReadStreamAsync(Suggestion.StreamId(campaignId, id), cancellationToken: cancellationToken);
        return (Suggestion.Fold(events.Select(e => e.Data)), events.Count == 0 ? 0 : events[^1].Version);
    }

    /// <summary>
    /// Appends <paramref name="events"/> to <paramref name="streamId"/> expecting it at <paramref name="version"/>, then waits
    /// (briefly) until this node's board shows them, so whoever acted reads their own change.
    /// </summary>
    /// <exception cref="ConcurrencyException">Another writer changed the stream since it was read.</exception>
    public static async Task AppendAsync(
        EventStore.EventStore store, ProjectionDaemon daemon, string streamId, string streamType, long version, IReadOnlyList<object> events,
        string actor, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return;
        var result = await store.AppendAsync(streamId, events, new AppendOptions
        {
            Expected = version == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(version),
            Actor = actor,
            StreamType = streamType,
        }, cancellationToken);
        await SettleAsync(daemon, result.LastSequence, cancellationToken);
    }

    public static Task SettleAsync(ProjectionDaemon daemon, long sequence, CancellationToken cancellationToken) =>
        daemon.WaitForPositionAsync(SuggestionBoard.ProjectionName, sequence, ProjectionWait, cancellationToken);
}
