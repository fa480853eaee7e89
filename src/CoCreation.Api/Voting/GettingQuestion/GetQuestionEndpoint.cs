using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Voting.GettingQuestion;

public static class GetQuestionEndpoint
{
    /// <summary>GET /api/campaigns/{campaignId}/questions/{questionId}: public, read from the question's stream.</summary>
    public static async Task<Results<Ok<QuestionResponse>, ProblemHttpResult>> Handle(
        string campaignId, string questionId, EventStore.EventStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var (question, _) = await QuestionStream.LoadAsync(store, campaignId, questionId, cancellationToken);
        return question is null
            ? VotingProblems.NoQuestion(campaignId, questionId)
            : TypedResults.Ok(QuestionResponse.From(question, time.GetUtcNow()));
    }
}
