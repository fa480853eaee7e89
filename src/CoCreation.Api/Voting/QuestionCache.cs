using CoCreation.Api.Infrastructure;
using CoCreation.Voting;

namespace CoCreation.Api.Voting;

/// <summary>
/// Questions as ballots, suggestions and upvotes need them, per node, as <see cref="Pricing.PricingItemCache"/> keeps
/// items: read from the question's stream and trusted for <see cref="TimeToLive"/>, so in the steady state a ballot
/// costs no read besides its append (a vote spike over 18 points would otherwise read a question stream per ballot).
/// A change made through this node drops the entry at once; one made through another node shows here within the TTL
/// (a question a host just closed may take one more second of ballots on other nodes). Unknown questions are cached
/// too. The admin endpoints that change a question read its stream themselves, for the version they expect.
/// </summary>
public sealed class QuestionCache(EventStore.EventStore store, TimeProvider time)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(1);

    private const int MaxEntries = 10_000;

    private readonly ReadThroughCache<(string Campaign, string Question), Question?> _questions = new(time, TimeToLive, MaxEntries);

    /// <summary>The question as of at most <see cref="TimeToLive"/> ago, or null when the ids are not slugs or there is no such question.</summary>
    public Task<Question?> GetAsync(string campaignId, string questionId, CancellationToken cancellationToken) =>
        Slug.IsValid(campaignId) && Slug.IsValid(questionId)
            ? _questions.GetAsync((campaignId, questionId), LoadAsync, cancellationToken)
            : Task.FromResult<Question?>(null);

    /// <summary>Drops the question, after this node changed it.</summary>
    public void Forget(string campaignId, string questionId) => _questions.Forget((campaignId, questionId));

    private async Task<Question?> LoadAsync((string Campaign, string Question) key)
    {
        var (question, _) = await QuestionStream.LoadAsync(store, key.Campaign, key.Question, CancellationToken.None);
        return question;
    }
}
