using System.Net.Http.Json;
using CoCreation.Browser.Tests.Hosting;
using CoCreation.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CoCreation.Browser.Tests.Live;

/// <summary>
/// Every page that shows stored text shows it as text: names, titles, labels and entry titles holding markup and
/// script come out character for character, create no element and run nothing (no dialog, no handler, no global set).
/// </summary>
public sealed class StoredTextTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Payload = "<img src=x onerror=\"window.__pwned=1;alert(1)\"><script>window.__pwned=2;alert(2)</script><svg onload=alert(3)>";
    private const string Item = "d90-4wd";
    private const string PsmItem = "d90-psm";

    [Fact]
    public async Task the_participant_page_shows_campaign_item_question_option_and_contest_text_as_text()
    {
        var campaign = await DefineEverythingAsync("pp-text");
        var phone = await app.OpenAsync($"/c/{campaign}#token={BrowserApp.ParticipantToken("text-person")}", 360, 740);
        var errors = PageErrors.Watch(phone);
        await Expect(phone.Locator("#signed-in")).ToBeVisibleAsync();

        await Expect(phone.Locator("#campaign-name")).ToHaveTextAsync($"{Payload} campaign");
        var titles = phone.Locator("#activities .card h2");
        foreach (var expected in new[] { "price", "psm", "question", "contest" })
        {
            await Expect(titles.Filter(new() { HasText = $"{Payload} {expected}" })).ToHaveCountAsync(1);
        }
        await Expect(phone.GetByText($"{Payload} option a", new() { Exact = true })).ToHaveCountAsync(1);
        await Expect(phone.GetByText($"{Payload} option b", new() { Exact = true })).ToHaveCountAsync(1);
        await AssertNothingRanAsync(phone, errors);
    }

    [Fact]
    public async Task the_overlay_shows_item_question_option_and_entry_text_as_text_in_every_scene()
    {
        var campaign = await DefineEverythingAsync("ov-text");
        var overlay = await app.OpenAsync(await Setup.OverlayUrlAsync(app, campaign), 1920, 1080);
        var errors = PageErrors.Watch(overlay);

        await Setup.SetSceneAsync(app, campaign, "price", Item);
        await Expect(overlay.Locator("#price-title")).ToHaveTextAsync($"{Payload} price");
        await Setup.SetSceneAsync(app, campaign, "psm", PsmItem);
        await Expect(overlay.Locator("#psm-title")).ToHaveTextAsync($"{Payload} psm");
        await Setup.SetSceneAsync(app, campaign, "vote", "q");
        await Expect(overlay.Locator("#vote-title")).ToHaveTextAsync($"{Payload} question");
        await Expect(overlay.Locator("#vote-bars .vote-label")).ToHaveTextAsync([$"{Payload} option a", $"{Payload} option b"]);
        await Setup.SetSceneAsync(app, campaign, "leaderboard", "voting");
        await Expect(overlay.Locator("#leaderboard-title")).ToHaveTextAsync($"{Payload} voting · 排行榜 Leaderboard");
        await Expect(overlay.Locator("#leaderboard-rows .leader-title")).ToHaveTextAsync([$"{Payload} entry"]);
        await Setup.SetSceneAsync(app, campaign, "counter", Item);
        await Expect(overlay.Locator("#counter-label")).ToHaveTextAsync($"参与人数 Participants · {Payload} price");

        await AssertNothingRanAsync(overlay, errors);
    }

    [Fact]
    public async Task the_host_console_shows_campaign_item_question_and_contest_text_as_text()
    {
        var campaign = await DefineEverythingAsync("host-text");
        var host = await app.OpenAsync($"/host/{campaign}", 1280, 800);
        var errors = PageErrors.Watch(host);
        await host.FillAsync("#key-input", TestApiSettings.HostKey);
        await host.ClickAsync("#key-form button");
        await Expect(host.Locator("#console")).ToBeVisibleAsync();

        await Expect(host.Locator("#campaign-name")).ToHaveTextAsync($"{Payload} campaign");
        await Expect(host.Locator($"#rounds tr[data-id={Item}] td").First).ToHaveTextAsync($"{Payload} price");
        await Expect(host.Locator("#rounds tr[data-id=q] td").First).ToHaveTextAsync($"{Payload} question");
        await host.SelectOptionAsync("#scene-kind", "leaderboard");
        await Expect(host.Locator("#scene-target option", new() { HasText = $"{Payload} voting" })).ToHaveCountAsync(1);
        await host.SelectOptionAsync("#scene-kind", "vote");
        await Expect(host.Locator("#scene-target option", new() { HasText = $"{Payload} question" })).ToHaveCountAsync(1);

        await AssertNothingRanAsync(host, errors);
    }

    /// <summary>
    /// A campaign whose every stored text is the payload: its name, a direct and a psm item, an open single question with
    /// two options, a contest taking entries and one in voting with an approved entry.
    /// </summary>
    private async Task<string> DefineEverythingAsync(string prefix)
    {
        var campaign = Setup.NewId(prefix);
        await Setup.DefineAsync(app, campaign, name: $"{Payload} campaign");
        await Setup.DefineItemAsync(app, campaign, Item, name: $"{Payload} price");
        await Setup.DefineItemAsync(app, campaign, PsmItem, mode: "psm", name: $"{Payload} psm");
        using var admin = app.AsAdmin();
        await BrowserApp.PutAsync(admin, $"/api/campaigns/{campaign}/questions/q", new
        {
            title = $"{Payload} question",
            kind = "single",
            options = new[] { new { id = "a", label = $"{Payload} option a" }, new { id = "b", label = $"{Payload} option b" } },
        });
        await BrowserApp.PostAsync(admin, $"/api/campaigns/{campaign}/questions/q/open");
        await BrowserApp.PutAsync(admin, $"/api/campaigns/{campaign}/contests/open", new { title = $"{Payload} contest" });

        var voting = $"/api/campaigns/{campaign}/contests/voting";
        await BrowserApp.PutAsync(admin, voting, new { title = $"{Payload} voting" });
        using var designer = app.AsParticipant($"{prefix}-designer");
        designer.DefaultRequestHeaders.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var form = new MultipartFormDataContent { { new StringContent($"{Payload} entry"), "title" }, { new StringContent(Payload), "description" } };
        var image = new ByteArrayContent(TestImages.Png(128, 72));
        image.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        form.Add(image, "image", "entry.png");
        using var submitted = await designer.PostAsync($"{voting}/entries", form);
        if (!submitted.IsSuccessStatusCode) throw new InvalidOperationException(await submitted.Content.ReadAsStringAsync());
        var entry = await submitted.Content.ReadFromJsonAsync<Entry>() ?? throw new InvalidOperationException("No entry.");
        await BrowserApp.PostAsync(admin, $"{voting}/entries/{entry.EntryId}/moderation", new { decision = "approve" });
        await BrowserApp.PostAsync(admin, $"{voting}/stage", new { stage = "voting" });
        return campaign;
    }

    private static async Task AssertNothingRanAsync(IPage page, PageErrors errors)
    {
        Assert.Equal(0, await page.Locator("img[src=x], [onerror], [onload], svg[onload]").CountAsync());
        Assert.False(await page.EvaluateAsync<bool>("[...document.scripts].some(s => s.textContent.includes('__pwned'))"));
        Assert.True(await page.EvaluateAsync<bool>("window.__pwned === undefined"));
        Assert.Empty(errors.All);
    }

    private sealed record Entry(Guid EntryId);
}
