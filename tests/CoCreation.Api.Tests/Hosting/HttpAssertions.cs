using System.Net;
using System.Text;
using System.Text.Json;

namespace CoCreation.Api.Tests.Hosting;

public static class HttpAssertions
{
    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string url, string json) =>
        client.SendAsync(new HttpRequestMessage(method, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, string json) =>
        client.SendJsonAsync(HttpMethod.Put, url, json);

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, string json) =>
        client.SendJsonAsync(HttpMethod.Post, url, json);

    /// <summary>Asserts an RFC 9457 body with type, title, status and detail, and returns it.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? title = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()), "type is empty");
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()), "title is empty");
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()), "detail is empty");
        if (title is not null) Assert.Equal(title, problem.GetProperty("title").GetString());
        return problem;
    }

    public static async Task<T> AssertJsonAsync<T>(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, JsonSerializerOptions.Web)!;
    }
}
