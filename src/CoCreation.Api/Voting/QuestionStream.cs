using CoCreation.Api.Campaigns;
using CoCreation.Api.Identity;
using CoCreation.EventStore;
using CoCreation.EventStore.Projections;
using CoCreation.Voting;

namespace CoCreation.Api.Voting;

/// <summary>Reading a question's definition stream and appending what a decision produced: tiny streams, read whole.</summary>
internal static class QuestionStream
{
    private static readonly TimeSpan ProjectionWait = TimeSpan.FromSeconds(2);

    /// <summary>The question, or null when the ids are not slugs or there is no such question.</summary>
    public static async Task<(Question? State, long Version)> LoadAsync(EventStore.EventStore store, string campaignId, string questionId, CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(campaignId) || !Slug.IsValid(questionId)) return (null, 0);
        var events = await store.ReadStreamAsync(Question.StreamId(campaignId, questionId), cancellationToken: cancellationToken);
        return (Question.Fold(events.Select(e => e.Data)), events.Count == 0 ? 0 : events[^1].Version);
    }

    /// <summary>Whether the question was defined: one indexed lookup, for slices that only need to know it is there.</summary>
    public static async Task<bool> ExistsAsync(EventStore.EventStore store, string campaignId, string questionId, CancellationToken cancellationToken) =>
        Slug.IsValid(campaignId) && Slug.IsValid(questionId)
        && await store.ReadStreamVersionAsync(Question.StreamId(campaignId, questionId), cancellationToken) is not null;

    /// <summary>
    /// Appends <paramref name="events"/> expecting the stream at <paramref name="version"/>, drops this node's cached
    /// copy of the question, then waits (briefly) until the campaign page shows them, so the admin or host who acted reads
    /// their own change.
    /// </summary>
    /// <exception cref="ConcurrencyException">Another writer changed the question since it was read.</exception>
    public static async Task AppendAsync(
        EventStore.EventStore store, ProjectionDaemon daemon, QuestionCache cache, string campaignId, string questionId, long version,
        IReadOnlyList<object> events, Actor actor, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return;
        var result = await store.AppendAsync(Question.StreamId(campaignId, questionId), events, new AppendOptions
        {
            Expected = version == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(version),
            Actor = actor.Value,
            StreamType = "question",
        }, cancellationToken);
        cache.Forget(campaignId, questionId);
        await daemon.WaitForPositionAsync(CampaignDirectory.ProjectionName, result.LastSequence, ProjectionWait, cancellationToken);
    }
}
