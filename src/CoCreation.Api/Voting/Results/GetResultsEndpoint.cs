using CoCreation.OneId;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Voting.Results;

public static class GetResultsEndpoint
{
    /// <summary>GET /api/campaigns/{campaignId}/questions/{questionId}/results?channel=&amp;region= (public), from this node's live projection.</summary>
    public static Results<Ok<VoteResultsResponse>, ValidationProblem, ProblemHttpResult> Handle(
        string campaignId, string questionId, string? channel, string? region, VoteResults results)
    {
        channel = string.IsNullOrEmpty(channel) ? null : channel;
        region = string.IsNullOrEmpty(region) ? null : region;
        if (!results.Knows(campaignId, questionId)) return VotingProblems.NoQuestion(campaignId, questionId);
        if (channel is not null && !Channels.IsKnown(channel) && !results.HasChannel(campaignId, questionId, channel))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["channel"] = [$"must be one of {string.Join(", ", Channels.All)} or a channel the question has ballots from"] },
                detail: "The channel is not known.");
        }
        var response = results.Read(campaignId, questionId, channel, region);
        return response is null ? VotingProblems.NoQuestion(campaignId, questionId) : TypedResults.Ok(response);
    }
}
