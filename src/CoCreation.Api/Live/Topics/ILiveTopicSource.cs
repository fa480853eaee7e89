namespace CoCreation.Api.Live.Topics;

/// <summary>
/// One kind of thing a campaign shows live, pushed as the hub method <see cref="Method"/>: the scene, each pricing
/// item's statistics, later each question's results and each contest's leaderboard. A module implements it over its
/// live projection and registers it with <see cref="LiveTopicRegistration.AddLiveTopics{T}"/>; the hub sends every
/// topic at <c>Watch</c> and the publisher pushes those whose sequence moved.
/// </summary>
/// <remarks>
/// Both members are called from the publisher's loop and from hub invocations while the projection applies events
/// on the daemon's loop, so they read the projection's thread-safe state; <see cref="TopicsOf"/> runs for every watched
/// campaign on every tick and must stay cheap (no payload computed).
/// </remarks>
public interface ILiveTopicSource
{
    /// <summary>The client-side method name, e.g. <c>priceStats</c>.</summary>
    string Method { get; }

    /// <summary>Whether the topic is a result, withheld from public watchers until the scene reveals results.</summary>
    bool IsResult { get; }

    /// <summary>The campaign's topics of this kind and the sequence of the last event each includes.</summary>
    IEnumerable<LiveTopicVersion> TopicsOf(string campaignId);

    /// <summary>The message's arguments and the sequence they are as of; null when the topic is gone.</summary>
    LiveMessage? Render(string campaignId, string topicId);
}

/// <param name="Id">The topic within its kind (an item id, a question id; empty for the campaign's scene).</param>
/// <param name="Sequence">The <c>asOf.sequence</c> the topic's payload would carry now.</param>
public readonly record struct LiveTopicVersion(string Id, long Sequence);

/// <param name="Arguments">The arguments of the hub method, e.g. <c>[itemId, stats]</c>.</param>
/// <param name="Sequence">The <c>asOf.sequence</c> inside them.</param>
public sealed record LiveMessage(object?[] Arguments, long Sequence);

public static class LiveTopicRegistration
{
    /// <summary>Adds a topic source to the hub: one line per module.</summary>
    public static IServiceCollection AddLiveTopics<T>(this IServiceCollection services) where T : class, ILiveTopicSource =>
        services.AddSingleton<ILiveTopicSource, T>();
}
