using System.Net.Http.Json;
using System.Text.Json;
using CoCreation.Browser.Tests.Hosting;
using CoCreation.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CoCreation.Browser.Tests.Live;

/// <summary>The host console in real Chromium, with the host key, driving the real API and the overlay.</summary>
public sealed class HostConsoleTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Item = "d90-4wd";
    private const string PsmItem = "d90-psm";

    [Fact]
    public async Task a_scene_switch_on_the_host_console_changes_the_overlays_scene()
    {
        var campaign = Setup.NewId("host");
        await Setup.DefineAsync(app, campaign);
        await Setup.DefineItemAsync(app, campaign, Item);
        await Setup.DefineItemAsync(app, campaign, PsmItem, mode: "psm", name: "D90 PSM");
        var overlay = await app.OpenAsync(await Setup.OverlayUrlAsync(app, campaign), 1920, 1080);
        await Expect(overlay.Locator("#stage")).ToHaveAttributeAsync("data-scene", "blank");
        var host = await OpenSignedInAsync(campaign);
        var errors = PageErrors.Watch(host);

        await host.SelectOptionAsync("#scene-kind", "psm");
        await host.SelectOptionAsync("#scene-target", PsmItem);
        await host.CheckAsync("#scene-reveal");
        await host.ClickAsync("#scene-apply");

        await Expect(overlay.Locator("#stage")).ToHaveAttributeAsync("data-scene", "psm");
        await Expect(overlay.Locator("#scene-psm")).ToBeVisibleAsync();
        await Expect(overlay.Locator("#psm-title")).ToHaveTextAsync("D90 PSM");
        await Expect(host.Locator("#current-scene")).ToContainTextAsync(PsmItem);

        await host.SelectOptionAsync("#scene-kind", "counter");
        await host.SelectOptionAsync("#scene-target", "");
        await host.ClickAsync("#scene-apply");
        await Expect(overlay.Locator("#stage")).ToHaveAttributeAsync("data-scene", "counter");
        Assert.Empty(errors.All);
    }

    [Fact]
    public async Task the_host_closes_a_round_and_sees_live_counts_and_the_lag_it_can_read()
    {
        var campaign = Setup.NewId("host-rounds");
        await Setup.DefineAsync(app, campaign);
        await Setup.DefineItemAsync(app, campaign, Item);
        var host = await OpenSignedInAsync(campaign);
        var row = host.Locator($"#rounds tr[data-id={Item}]");
        await Expect(row.Locator("[data-count]")).ToHaveTextAsync("0");

        await Setup.SubmitPriceAsync(app, campaign, Item, "host-count-1", 200_000);
        await Expect(row.Locator("[data-count]")).ToHaveTextAsync("1");

        await row.Locator("button").ClickAsync();
        await Expect(row.Locator(".closed")).ToBeVisibleAsync();
        using var client = app.AsAdmin();
        var item = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}/pricing/{Item}");
        Assert.False(item.GetProperty("isOpen").GetBoolean());

        // A host key may not read /api/admin/projections: the console says so and shows the age of the last push.
        await Expect(host.Locator("#lag-note")).ToContainTextAsync("admin only");
        await Expect(host.Locator("#lag li")).ToContainTextAsync("Last push");
    }

    [Fact]
    public async Task a_wrong_key_is_refused_with_a_message()
    {
        var campaign = Setup.NewId("host-key");
        await Setup.DefineAsync(app, campaign);
        var host = await app.OpenAsync($"/host/{campaign}", 1280, 800);

        await host.FillAsync("#key-input", "not-a-key");
        await host.ClickAsync("#key-form button");

        await Expect(host.Locator("#key-error")).ToBeVisibleAsync();
        await Expect(host.Locator("#console")).ToBeHiddenAsync();
    }

    private async Task<IPage> OpenSignedInAsync(string campaign)
    {
        var host = await app.OpenAsync($"/host/{campaign}", 1280, 800);
        await host.FillAsync("#key-input", TestApiSettings.HostKey);
        await host.ClickAsync("#key-form button");
        await Expect(host.Locator("#console")).ToBeVisibleAsync();
        await Expect(host.Locator("#connection")).ToHaveClassAsync("status live");
        return host;
    }
}
