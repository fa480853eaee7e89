using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CoCreation.Api.Contest.Leaderboard;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.EventStore.Projections;
using CoCreation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CoCreation.Api.Tests.Contest;

/// <summary>Setting up contests, entries, stages and scores through the API.</summary>
internal static class ContestFixtures
{
    /// <summary>A campaign with one contest; returns the contest's URL.</summary>
    public static async Task<string> DefineContestAsync(this CoCreationApp app, string campaignId, string contestId = "grilles")
    {
        await app.DefineCampaignAsync(campaignId);
        var url = $"/api/campaigns/{campaignId}/contests/{contestId}";
        var response = await app.AsAdmin().PutJsonAsync(url, """{"title": "Grille design"}""");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return url;
    }

    /// <summary>A distinct small PNG per <paramref name="seed"/>, so that entries have distinct hashes.</summary>
    public static byte[] Png(int seed) => TestImages.Png(64 + seed % 50, 64 + seed / 50, (byte)seed, (byte)(seed >> 8), 7);

    public static Task<HttpResponseMessage> SubmitEntryAsync(
        this HttpClient client, string contestUrl, byte[] image, string title = "Grille", string? description = null, string? key = null,
        string fileName = "grille.png", string contentType = "image/png")
    {
        var form = new MultipartFormDataContent { { new StringContent(title), "title" } };
        if (description is not null) form.Add(new StringContent(description), "description");
        var file = new ByteArrayContent(image);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(file, "image", fileName);
        var request = new HttpRequestMessage(HttpMethod.Post, $"{contestUrl}/entries") { Content = form };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return client.SendAsync(request);
    }

    /// <summary>Submits an entry as <paramref name="oneId"/> and returns its id.</summary>
    public static async Task<Guid> SubmitAsync(this CoCreationApp app, string contestUrl, string oneId, byte[] image, string title = "Grille")
    {
        var response = await app.AsParticipant(oneId).SubmitEntryAsync(contestUrl, image, title);
        return (await response.AssertJsonAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("entryId").GetGuid();
    }

    public static Task<HttpResponseMessage> ModerateAsync(this CoCreationApp app, string contestUrl, Guid entryId, string decision) =>
        app.AsAdmin().PostJsonAsync($"{contestUrl}/entries/{entryId}/moderation", $$"""{"decision": "{{decision}}"}""");

    /// <summary>Submits and approves <paramref name="count"/> entries by distinct people; returns their ids.</summary>
    public static async Task<List<Guid>> ApprovedEntriesAsync(this CoCreationApp app, string contestUrl, int count, int seed = 0)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var id = await app.SubmitAsync(contestUrl, $"author-{seed + i}", Png(seed + i), $"Entry {seed + i}");
            Assert.Equal(HttpStatusCode.OK, (await app.ModerateAsync(contestUrl, id, "approve")).StatusCode);
            ids.Add(id);
        }
        return ids;
    }

    public static Task<HttpResponseMessage> StageAsync(this CoCreationApp app, string contestUrl, string stage, params Guid[] entryIds) =>
        app.AsAdmin().PostJsonAsync($"{contestUrl}/stage",
            JsonSerializer.Serialize(entryIds.Length == 0 ? new { stage, entryIds = (Guid[]?)null } : new { stage, entryIds = (Guid[]?)entryIds }, JsonSerializerOptions.Web));

    public static async Task MoveToAsync(this CoCreationApp app, string contestUrl, string stage, params Guid[] entryIds)
    {
        var response = await app.StageAsync(contestUrl, stage, entryIds);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    public static Task<HttpResponseMessage> ScoreAsync(this HttpClient client, string contestUrl, Guid entryId, string body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{contestUrl}/entries/{entryId}/score")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> ScoreAsync(this HttpClient client, string contestUrl, Guid entryId, int score) =>
        client.ScoreAsync(contestUrl, entryId, $$"""{"score": {{score}}}""");

    /// <summary>Waits until this node's contest board has applied everything in the log.</summary>
    public static async Task SettleAsync(this CoCreationApp app)
    {
        var head = await app.Store.ReadHeadSequenceAsync();
        Assert.True(await app.Services.GetRequiredService<ProjectionDaemon>().WaitForPositionAsync(ContestBoard.ProjectionName, head, TimeSpan.FromSeconds(30)));
    }

    public static async Task<List<JsonElement>> LeaderboardAsync(this CoCreationApp app, string contestUrl)
    {
        await app.SettleAsync();
        var response = await app.Anonymous().GetAsync($"{contestUrl}/leaderboard");
        return [.. (await response.AssertJsonAsync<JsonElement>(HttpStatusCode.OK)).EnumerateArray()];
    }
}
