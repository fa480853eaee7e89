using CoCreation.Browser.Tests.Hosting;
using static Microsoft.Playwright.Assertions;

namespace CoCreation.Browser.Tests.Live;

/// <summary>The overlay across a server restart; a class of its own, since it restarts its server.</summary>
public sealed class OverlayReconnectTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Item = "d90-4wd";

    [Fact]
    public async Task the_overlay_keeps_its_last_frame_while_the_server_restarts_and_then_resumes()
    {
        var campaign = Setup.NewId("ov-restart");
        await Setup.DefineAsync(app, campaign);
        await Setup.DefineItemAsync(app, campaign, Item);
        await Setup.SubmitPriceAsync(app, campaign, Item, "restart-person-1", 150_000);
        await Setup.SetSceneAsync(app, campaign, "counter", Item);
        var overlay = await app.OpenAsync(await Setup.OverlayUrlAsync(app, campaign), 1920, 1080);
        var errors = PageErrors.Watch(overlay, serverGoesAway: true);
        await Expect(overlay.Locator("#counter-number")).ToHaveTextAsync("1");

        await app.RestartServerAsync();
        await Setup.SubmitPriceAsync(app, campaign, Item, "restart-person-2", 160_000);

        // Reconnected and watching again: the state the new server sends at Watch includes the new answer.
        await Expect(overlay.Locator("#counter-number")).ToHaveTextAsync("2", new() { Timeout = 30_000 });
        await Expect(overlay.Locator("#reconnecting")).ToBeHiddenAsync();
        await Expect(overlay.Locator("#scene-counter")).ToBeVisibleAsync();
        Assert.Empty(errors.All);
    }
}
