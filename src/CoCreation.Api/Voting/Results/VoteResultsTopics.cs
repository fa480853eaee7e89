using CoCreation.Api.Live.Topics;

namespace CoCreation.Api.Voting.Results;

/// <summary>
/// Each question's results as a live topic: <c>voteResults(questionId, results)</c> with the body of
/// <c>GET …/questions/{q}/results</c> for the whole question (no channel or region cut).
/// </summary>
internal sealed class VoteResultsTopics(VoteResults results) : ILiveTopicSource
{
    public string Method => "voteResults";

    public bool IsResult => true;

    public IEnumerable<LiveTopicVersion> TopicsOf(string campaignId) =>
        results.QuestionsOf(campaignId).Select(question => new LiveTopicVersion(question.QuestionId, question.Sequence));

    public LiveMessage? Render(string campaignId, string topicId) =>
        results.Read(campaignId, topicId, channel: null, region: null) is { } response
            ? new LiveMessage([topicId, response], response.AsOf.Sequence)
            : null;
}
