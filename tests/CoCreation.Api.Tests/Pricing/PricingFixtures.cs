using System.Net;
using System.Text;
using CoCreation.Api.Tests.Hosting;

namespace CoCreation.Api.Tests.Pricing;

/// <summary>Setting up campaigns and items through the API, and checking that a request stored nothing.</summary>
internal static class PricingFixtures
{
    public const string DirectItem = """{"name": "D90 2.0T 4WD", "currency": "CNY", "min": 100000, "max": 300000, "step": 1000, "mode": "direct"}""";

    public const string PsmItem = """{"name": "D90 PSM", "currency": "CNY", "min": 100000, "max": 300000, "step": 1000, "mode": "psm"}""";

    public static async Task DefineCampaignAsync(this CoCreationApp app, string campaignId)
    {
        var response = await app.AsAdmin().PutJsonAsync($"/api/campaigns/{campaignId}", $$"""{"name": "{{campaignId}}"}""");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A campaign with one item, opened by a host unless told otherwise; returns the item's URL.</summary>
    public static async Task<string> DefineItemAsync(this CoCreationApp app, string campaignId, string itemId, string body = DirectItem, bool open = true)
    {
        await app.DefineCampaignAsync(campaignId);
        var url = $"/api/campaigns/{campaignId}/pricing/{itemId}";
        var defined = await app.AsAdmin().PutJsonAsync(url, body);
        Assert.True(defined.IsSuccessStatusCode, await defined.Content.ReadAsStringAsync());
        if (open) Assert.Equal(HttpStatusCode.OK, (await app.AsHost().PostAsync($"{url}/open", null)).StatusCode);
        return url;
    }

    public static Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string itemUrl, string json, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{itemUrl}/submissions")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return client.SendAsync(request);
    }

    /// <summary>Runs <paramref name="act"/> and asserts the log did not grow.</summary>
    public static async Task<T> AssertStoresNothingAsync<T>(this CoCreationApp app, Func<Task<T>> act)
    {
        var before = await app.Store.ReadHeadSequenceAsync();
        var result = await act();
        Assert.Equal(before, await app.Store.ReadHeadSequenceAsync());
        return result;
    }
}
