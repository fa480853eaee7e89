using CoCreation.Api.Identity;
using CoCreation.EventStore.Projections;
using CoCreation.Voting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Voting.OpeningAndClosing;

public static class QuestionRoundEndpoints
{
    /// <summary>POST …/questions/{questionId}/open (host or admin): 200 with the question; opening an open round changes nothing.</summary>
    public static Task<Results<Ok<QuestionResponse>, ProblemHttpResult>> Open(
        string campaignId, string questionId, Actor actor, EventStore.EventStore store, ProjectionDaemon daemon, QuestionCache cache, TimeProvider time,
        CancellationToken cancellationToken) =>
        ChangeAsync(campaignId, questionId, QuestionRound.Open, actor, store, daemon, cache, time, cancellationToken);

    /// <summary>POST …/questions/{questionId}/close (host or admin): 200 with the question; closing a closed round changes nothing.</summary>
    public static Task<Results<Ok<QuestionResponse>, ProblemHttpResult>> Close(
        string campaignId, string questionId, Actor actor, EventStore.EventStore store, ProjectionDaemon daemon, QuestionCache cache, TimeProvider time,
        CancellationToken cancellationToken) =>
        ChangeAsync(campaignId, questionId, QuestionRound.Close, actor, store, daemon, cache, time, cancellationToken);

    private static async Task<Results<Ok<QuestionResponse>, ProblemHttpResult>> ChangeAsync(
        string campaignId, string questionId, Func<Question, string, IReadOnlyList<object>> decide, Actor actor,
        EventStore.EventStore store, ProjectionDaemon daemon, QuestionCache cache, TimeProvider time, CancellationToken cancellationToken)
    {
        var (state, version) = await QuestionStream.LoadAsync(store, campaignId, questionId, cancellationToken);
        if (state is null)
        {
            return VotingProblems.NoQuestion(campaignId, questionId);
        }
        var events = decide(state, actor.Value);
        await QuestionStream.AppendAsync(store, daemon, cache, campaignId, questionId, version, events, actor, cancellationToken);
        return TypedResults.Ok(QuestionResponse.From(events.Aggregate((Question?)state, Question.Evolve)!, time.GetUtcNow()));
    }
}
