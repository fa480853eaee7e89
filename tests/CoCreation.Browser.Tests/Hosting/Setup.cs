using CoCreation.Testing;

namespace CoCreation.Browser.Tests.Hosting;

/// <summary>Campaigns, items and questions set up through the API, each test with ids of its own.</summary>
public static class Setup
{
    public const long Min = 100_000;
    public const long Max = 300_000;
    public const long Step = 1_000;

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}";

    public static async Task DefineAsync(BrowserApp app, string campaignId, string name = "D90 共创")
    {
        ArgumentNullException.ThrowIfNull(app);
        await BrowserApp.PutAsync(app.AsAdmin(), $"/api/campaigns/{campaignId}", new { name });
    }

    /// <summary>A pricing item of CNY 100,000–300,000 by 1,000, opened unless told otherwise.</summary>
    public static async Task DefineItemAsync(BrowserApp app, string campaignId, string itemId, string mode = "direct", string name = "D90 2.0T 四驱", bool open = true)
    {
        ArgumentNullException.ThrowIfNull(app);
        var url = $"/api/campaigns/{campaignId}/pricing/{itemId}";
        await BrowserApp.PutAsync(app.AsAdmin(), url, new { name, currency = "CNY", min = Min, max = Max, step = Step, mode });
        if (open) await BrowserApp.PostAsync(app.AsAdmin(), $"{url}/open");
    }

    public static async Task SubmitPriceAsync(BrowserApp app, string campaignId, string itemId, string oneId, long price)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var client = app.AsParticipant(oneId);
        client.DefaultRequestHeaders.Add("Idempotency-Key", Guid.NewGuid().ToString());
        await BrowserApp.PostAsync(client, $"/api/campaigns/{campaignId}/pricing/{itemId}/submissions", new { price });
    }

    public static async Task SubmitPsmAsync(BrowserApp app, string campaignId, string itemId, string oneId, long tooCheap, long cheap, long expensive, long tooExpensive)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var client = app.AsParticipant(oneId);
        client.DefaultRequestHeaders.Add("Idempotency-Key", Guid.NewGuid().ToString());
        await BrowserApp.PostAsync(client, $"/api/campaigns/{campaignId}/pricing/{itemId}/submissions", new { tooCheap, cheap, expensive, tooExpensive });
    }

    public static async Task SetSceneAsync(BrowserApp app, string campaignId, string kind, string? targetId, bool revealResults = true)
    {
        ArgumentNullException.ThrowIfNull(app);
        await BrowserApp.PutAsync(app.AsAdmin(), $"/api/campaigns/{campaignId}/scene", new { kind, targetId, revealResults });
    }

    /// <summary>The campaign's overlay page URL with its current overlay token.</summary>
    public static async Task<string> OverlayUrlAsync(BrowserApp app, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var client = app.AsAdmin();
        var token = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<OverlayToken>(client, $"/api/campaigns/{campaignId}/overlay-token")
            ?? throw new InvalidOperationException("No overlay token.");
        return token.OverlayUrl;
    }

    private sealed record OverlayToken(string Token, string OverlayUrl);

    /// <summary>A contest in its voting stage with approved entries (each a small PNG of its own colour), scored by a few people.</summary>
    public static async Task DefineContestAsync(BrowserApp app, string campaignId, string contestId, int entries)
    {
        ArgumentNullException.ThrowIfNull(app);
        var contest = $"/api/campaigns/{campaignId}/contests/{contestId}";
        await BrowserApp.PutAsync(app.AsAdmin(), contest, new { title = "外观设计大赛 Design contest" });
        var ids = new List<Guid>();
        for (var i = 0; i < entries; i++)
        {
            using var designer = app.AsParticipant($"designer-{i}");
            designer.DefaultRequestHeaders.Add("Idempotency-Key", Guid.NewGuid().ToString());
            using var form = new MultipartFormDataContent
            {
                { new StringContent($"设计 Design {i + 1}"), "title" },
                { new StringContent("D90"), "description" },
            };
            var image = new ByteArrayContent(TestImages.Png(128, 72, red: (byte)(40 * i), green: 120, blue: (byte)(220 - 40 * i)));
            image.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
            form.Add(image, "image", "design.png");
            using var response = await designer.PostAsync($"{contest}/entries", form);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
            var entry = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<Entry>(response.Content)
                ?? throw new InvalidOperationException("No entry.");
            await BrowserApp.PostAsync(app.AsAdmin(), $"{contest}/entries/{entry.EntryId}/moderation", new { decision = "approve" });
            ids.Add(entry.EntryId);
        }
        await BrowserApp.PostAsync(app.AsAdmin(), $"{contest}/stage", new { stage = "voting" });
        for (var voter = 0; voter < 4; voter++)
        {
            for (var i = 0; i < ids.Count; i++)
            {
                using var client = app.AsParticipant($"judge-{voter}");
                client.DefaultRequestHeaders.Add("Idempotency-Key", Guid.NewGuid().ToString());
                await BrowserApp.PostAsync(client, $"{contest}/entries/{ids[i]}/score", new { score = Math.Clamp(5 - i + voter % 2, 0, 5) });
            }
        }
    }

    private sealed record Entry(Guid EntryId);
}
