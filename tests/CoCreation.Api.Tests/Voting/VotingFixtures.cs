using System.Net;
using System.Text;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Api.Voting.Results;
using CoCreation.EventStore.Projections;
using Microsoft.Extensions.DependencyInjection;

namespace CoCreation.Api.Tests.Voting;

/// <summary>Setting up questions through the API, voting, and reading results once the live projection caught up.</summary>
internal static class VotingFixtures
{
    public const string SingleQuestion = """
        {"title": "How many seats?", "kind": "single", "options": [{"id": "five", "label": "5 seats"}, {"id": "seven", "label": "7 seats"}]}
        """;

    public const string PointsQuestion = """
        {"title": "Spend 100 points", "kind": "points", "budget": 100,
         "options": [{"id": "range", "label": "Range"}, {"id": "power", "label": "Power"}, {"id": "comfort", "label": "Comfort"}]}
        """;

    /// <summary>A campaign with one question, opened by a host unless told otherwise; returns the question's URL.</summary>
    public static async Task<string> DefineQuestionAsync(this CoCreationApp app, string campaignId, string questionId, string body = SingleQuestion, bool open = true)
    {
        await app.DefineCampaignAsync(campaignId);
        var url = $"/api/campaigns/{campaignId}/questions/{questionId}";
        var defined = await app.AsAdmin().PutJsonAsync(url, body);
        Assert.True(defined.IsSuccessStatusCode, await defined.Content.ReadAsStringAsync());
        if (open) Assert.Equal(HttpStatusCode.OK, (await app.AsHost().PostAsync($"{url}/open", null)).StatusCode);
        return url;
    }

    public static Task<HttpResponseMessage> VoteAsync(this HttpClient client, string questionUrl, string json, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{questionUrl}/ballots") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return client.SendAsync(request);
    }

    /// <summary>The results as of at least the log's head now.</summary>
    public static async Task<VoteResultsResponse> ResultsAsync(this CoCreationApp app, string questionUrl, string query = "")
    {
        var head = await app.Store.ReadHeadSequenceAsync();
        Assert.True(await app.Services.GetRequiredService<ProjectionDaemon>().WaitForPositionAsync(VoteResults.ProjectionName, head, TimeSpan.FromSeconds(30)));
        return await (await app.Anonymous().GetAsync($"{questionUrl}/results{query}")).AssertJsonAsync<VoteResultsResponse>(HttpStatusCode.OK);
    }
}
