using CoCreation.Browser.Tests.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CoCreation.Browser.Tests.Live;

/// <summary>The OBS overlay at 1920×1080 in real Chromium, fed by the real hub.</summary>
public sealed class OverlayTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Item = "d90-4wd";
    private const string PsmItem = "d90-psm";

    [Fact]
    public async Task the_overlay_counts_a_new_participant_as_soon_as_the_hub_pushes_it()
    {
        var campaign = Setup.NewId("ov");
        await Setup.DefineAsync(app, campaign);
        await Setup.DefineItemAsync(app, campaign, Item);
        await Setup.SetSceneAsync(app, campaign, "price", Item, revealResults: false);
        var overlay = await app.OpenAsync(await Setup.OverlayUrlAsync(app, campaign), 1920, 1080);
        var errors = PageErrors.Watch(overlay);
        await Expect(overlay.Locator("#price-participants")).ToHaveTextAsync("0");

        await Setup.SubmitPriceAsync(app, campaign, Item, "overlay-person-1", 180_000);

        await Expect(overlay.Locator("#price-participants")).ToHaveTextAsync("1", new() { Timeout = 1000 });
        await Expect(overlay.Locator("#price-hidden")).ToBeVisibleAsync();
        Assert.Empty(errors.All);
    }

    [Fact]
    public async Task server_text_with_markup_is_shown_as_text_and_never_run()
    {
        const string Markup = "<img src=x onerror=alert(1)>";
        var campaign = Setup.NewId("ov-xss");
        await Setup.DefineAsync(app, campaign);
        await Setup.DefineItemAsync(app, campaign, Item, name: Markup);
        await Setup.SetSceneAsync(app, campaign, "price", Item);
        var overlay = await app.OpenAsync(await Setup.OverlayUrlAsync(app, campaign), 1920, 1080);
        var errors = PageErrors.Watch(overlay);

        await Expect(overlay.Locator("#price-title")).ToHaveTextAsync(Markup);
        Assert.Equal(0, await overlay.Locator("#scene-price img").CountAsync());
        Assert.Empty(errors.All);
    }

    [Fact]
    public async Task every_scene_renders_and_is_saved_as_a_screenshot()
    {
        var campaign = Setup.NewId("ov-shots");
        await Setup.DefineAsync(app, campaign);
        await Setup.DefineItemAsync(app, campaign, Item);
        await Setup.DefineItemAsync(app, campaign, PsmItem, mode: "psm", name: "D90 价格敏感度 PSM");
        var random = new Random(5);
        for (var i = 0; i < 40; i++)
        {
            var price = Setup.Min + Setup.Step * (long)Math.Round(Normal(random, 95, 25));
            await Setup.SubmitPriceAsync(app, campaign, Item, $"shot-{i}", Math.Clamp(price, Setup.Min, Setup.Max));
            var cheap = 150_000 + Setup.Step * random.Next(0, 40);
            await Setup.SubmitPsmAsync(app, campaign, PsmItem, $"shot-{i}", cheap - 30_000, cheap, cheap + 40_000, cheap + 80_000);
        }
        await BrowserApp.PutAsync(app.AsAdmin(), $"/api/campaigns/{campaign}/questions/seats", new
        {
            title = "座椅布局 Seating",
            kind = "single",
            options = new[] { new { id = "five", label = "5 座 five seats" }, new { id = "seven", label = "7 座 seven seats" } },
        });
        await BrowserApp.PostAsync(app.AsAdmin(), $"/api/campaigns/{campaign}/questions/seats/open");
        for (var i = 0; i < 5; i++)
        {
            using var voter = app.AsParticipant($"shot-{i}");
            voter.DefaultRequestHeaders.Add("Idempotency-Key", Guid.NewGuid().ToString());
            await BrowserApp.PostAsync(voter, $"/api/campaigns/{campaign}/questions/seats/ballots", new { choices = new[] { i < 3 ? "seven" : "five" } });
        }
        await Setup.DefineContestAsync(app, campaign, "design", entries: 4);
        var overlay = await app.OpenAsync(await Setup.OverlayUrlAsync(app, campaign), 1920, 1080);
        var errors = PageErrors.Watch(overlay);

        await Setup.SetSceneAsync(app, campaign, "price", Item);
        await Expect(overlay.Locator("#price-participants")).ToHaveTextAsync("40");
        await Expect(overlay.Locator("#price-bars .bar")).Not.ToHaveCountAsync(0);
        await ShootAsync(overlay, "price");

        await Setup.SetSceneAsync(app, campaign, "psm", PsmItem);
        await Expect(overlay.Locator("#psm-chart polyline")).ToHaveCountAsync(4);
        await Expect(overlay.Locator("#psm-chart .range")).ToHaveCountAsync(1);
        await ShootAsync(overlay, "psm");

        await Setup.SetSceneAsync(app, campaign, "vote", "seats");
        await Expect(overlay.Locator("#vote-bars .vote-row")).ToHaveCountAsync(2);
        await Expect(overlay.Locator("#vote-bars .vote-row[data-id=seven] .vote-share")).ToHaveTextAsync("60.0%");
        await ShootAsync(overlay, "vote");

        await Setup.SetSceneAsync(app, campaign, "leaderboard", "design");
        await Expect(overlay.Locator("#leaderboard-rows .leader-row")).ToHaveCountAsync(4);
        await Expect(overlay.Locator("#leaderboard-rows .leader-row").First.Locator(".leader-title")).ToHaveTextAsync("设计 Design 1");
        await ShootAsync(overlay, "leaderboard");

        await Setup.SetSceneAsync(app, campaign, "counter", null);
        await Expect(overlay.Locator("#counter-number")).ToHaveTextAsync("80");
        await ShootAsync(overlay, "counter");

        await Setup.SetSceneAsync(app, campaign, "blank", null);
        await Expect(overlay.Locator(".scene:not([hidden])")).ToHaveCountAsync(0);
        await ShootAsync(overlay, "blank");

        Assert.Empty(errors.All);
        Assert.False(await overlay.EvaluateAsync<bool>("document.documentElement.scrollHeight > innerHeight || document.documentElement.scrollWidth > innerWidth"));
    }

    private static async Task ShootAsync(IPage overlay, string scene)
    {
        // Let the 450 ms transitions settle so the artifact shows the frame viewers see.
        await overlay.WaitForTimeoutAsync(600);
        await overlay.ScreenshotAsync(new() { Path = Screenshots.PathFor($"overlay-{scene}"), OmitBackground = true });
    }

    private static double Normal(Random random, double mean, double sd) =>
        mean + sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
