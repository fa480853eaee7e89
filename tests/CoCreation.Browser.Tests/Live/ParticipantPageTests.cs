using System.Diagnostics;
using CoCreation.Browser.Tests.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CoCreation.Browser.Tests.Live;

/// <summary>The participant page on a 360 × 740 phone screen in real Chromium, against the real API and hub.</summary>
public sealed class ParticipantPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Item = "d90-4wd";
    private const string PsmItem = "d90-psm";

    [Fact]
    public async Task a_price_submitted_on_the_phone_shows_on_the_overlay_within_a_second_of_its_201()
    {
        var campaign = Setup.NewId("pp");
        await Setup.DefineAsync(app, campaign);
        await Setup.DefineItemAsync(app, campaign, Item);
        await Setup.SetSceneAsync(app, campaign, "price", Item, revealResults: false);
        var overlay = await app.OpenAsync(await Setup.OverlayUrlAsync(app, campaign), 1920, 1080);
        await Expect(overlay.Locator("#price-participants")).ToHaveTextAsync("0");
        var phone = await OpenSignedInAsync(campaign, "phone-person-1");
        var errors = PageErrors.Watch(phone);

        await phone.FillAsync($"#price-{Item}", "234567");
        await phone.Locator($"#price-{Item}").BlurAsync();
        // Snapped to the item's step of 1,000, and the slider follows the number.
        await Expect(phone.Locator($"#price-{Item}")).ToHaveValueAsync("235000");
        await Expect(phone.Locator($"#price-{Item}-slider")).ToHaveValueAsync("235000");
        var response = await phone.RunAndWaitForResponseAsync(
            () => phone.Locator("#activities form button[type=submit]").First.ClickAsync(),
            r => r.Url.EndsWith($"/pricing/{Item}/submissions", StringComparison.Ordinal) && r.Request.Method == "POST");

        Assert.Equal(201, response.Status);
        await Expect(overlay.Locator("#price-participants")).ToHaveTextAsync("1", new() { Timeout = 1000 });
        await Expect(phone.Locator(".ok")).ToBeVisibleAsync();
        await Expect(phone.Locator($"[data-result-item={Item}]")).ToContainTextAsync("235,000");
        Assert.False(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth > innerWidth"));
        await phone.ScreenshotAsync(new() { Path = Screenshots.PathFor("participant-price"), FullPage = true });
        Assert.Empty(errors.All);
    }

    [Fact]
    public async Task each_answer_carries_how_long_its_form_was_shown_and_a_revision_is_timed_from_the_last_answer()
    {
        var campaign = Setup.NewId("pp-dwell");
        await Setup.DefineAsync(app, campaign);
        await Setup.DefineItemAsync(app, campaign, Item);
        var opened = Stopwatch.StartNew();
        var phone = await OpenSignedInAsync(campaign, "dwell-person-1");
        var errors = PageErrors.Watch(phone);
        await Expect(phone.Locator($"#price-{Item}")).ToBeVisibleAsync();

        // Read for a while before answering: the form existed at least this long when the answer is sent.
        await phone.WaitForTimeoutAsync(1_500);
        await phone.FillAsync($"#price-{Item}", "235000");
        var first = await SubmitPriceAsync(phone);
        var sinceOpened = opened.ElapsedMilliseconds;
        var sinceFirst = Stopwatch.StartNew();
        await phone.FillAsync($"#price-{Item}", "245000");
        var revision = await SubmitPriceAsync(phone);
        var betweenAnswers = sinceFirst.ElapsedMilliseconds;

        Assert.Equal(201, first.Status);
        Assert.Equal(201, revision.Status);
        Assert.InRange(DwellOf(first), 1_500, sinceOpened);
        // Timed from when the first answer went through, not from when the page was opened.
        Assert.InRange(DwellOf(revision), 0, betweenAnswers);
        Assert.Empty(errors.All);

        static long DwellOf(IResponse response) => response.Request.PostDataJSON()!.Value.GetProperty("dwellMs").GetInt64();
    }

    private static Task<IResponse> SubmitPriceAsync(IPage phone) =>
        phone.RunAndWaitForResponseAsync(
            () => phone.Locator("#activities form button[type=submit]").First.ClickAsync(),
            r => r.Url.EndsWith($"/pricing/{Item}/submissions", StringComparison.Ordinal) && r.Request.Method == "POST");

    [Fact]
    public async Task the_psm_order_is_enforced_as_the_person_types()
    {
        var campaign = Setup.NewId("pp-psm");
        await Setup.DefineAsync(app, campaign);
        await Setup.DefineItemAsync(app, campaign, PsmItem, mode: "psm");
        var phone = await OpenSignedInAsync(campaign, "psm-person-1");
        var submit = phone.Locator("#activities form button[type=submit]").First;

        await phone.FillAsync($"#psm-{PsmItem}-tooCheap", "150000");
        await Expect(phone.Locator($"#psm-{PsmItem}-cheap")).ToHaveAttributeAsync("min", "151000");
        await phone.FillAsync($"#psm-{PsmItem}-cheap", "140000");

        var cheapField = phone.Locator(".field", new() { Has = phone.Locator($"#psm-{PsmItem}-cheap") });
        await Expect(cheapField.Locator(".field-error")).ToBeVisibleAsync();
        await Expect(cheapField.Locator(".field-error")).ToContainTextAsync("151,000");
        await Expect(submit).ToBeDisabledAsync();

        await phone.FillAsync($"#psm-{PsmItem}-cheap", "170000");
        await Expect(cheapField.Locator(".field-error")).ToBeHiddenAsync();
        await Expect(phone.Locator($"#psm-{PsmItem}-expensive")).ToHaveAttributeAsync("min", "171000");
        await phone.FillAsync($"#psm-{PsmItem}-expensive", "200000");
        await Expect(submit).ToBeDisabledAsync();
        await phone.FillAsync($"#psm-{PsmItem}-tooExpensive", "240000");
        await Expect(submit).ToBeEnabledAsync();
        var response = await phone.RunAndWaitForResponseAsync(() => submit.ClickAsync(), r => r.Url.EndsWith("/submissions", StringComparison.Ordinal));
        Assert.Equal(201, response.Status);
    }

    [Fact]
    public async Task a_closed_round_shows_the_apis_409_to_the_person_in_both_languages()
    {
        var campaign = Setup.NewId("pp-closed");
        await Setup.DefineAsync(app, campaign);
        await Setup.DefineItemAsync(app, campaign, Item);
        var phone = await OpenSignedInAsync(campaign, "closed-person-1");
        await Expect(phone.Locator($"#price-{Item}")).ToBeVisibleAsync();
        await BrowserApp.PostAsync(app.AsAdmin(), $"/api/campaigns/{campaign}/pricing/{Item}/close");

        var response = await phone.RunAndWaitForResponseAsync(
            () => phone.Locator("#activities form button[type=submit]").First.ClickAsync(), r => r.Url.EndsWith("/submissions", StringComparison.Ordinal));

        Assert.Equal(409, response.Status);
        var problem = await response.JsonAsync();
        var detail = problem!.Value.GetProperty("detail").GetString()!;
        var error = phone.Locator(".form-error").First;
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToContainTextAsync("本轮未开放或已结束");
        await Expect(error).ToContainTextAsync(detail);
        await phone.ClickAsync("#language");
        await Expect(error).ToContainTextAsync("This round is not open.");
    }

    [Fact]
    public async Task a_retry_after_a_network_failure_reuses_the_idempotency_key_and_a_new_answer_gets_a_new_one()
    {
        var campaign = Setup.NewId("pp-retry");
        await Setup.DefineAsync(app, campaign);
        await Setup.DefineItemAsync(app, campaign, Item);
        var phone = await OpenSignedInAsync(campaign, "retry-person-1");
        var keys = new List<string>();
        var failNext = true;
        await phone.RouteAsync($"**/pricing/{Item}/submissions", async route =>
        {
            keys.Add(route.Request.Headers["idempotency-key"]);
            if (failNext)
            {
                failNext = false;
                await route.AbortAsync("connectionreset");
                return;
            }
            await route.ContinueAsync();
        });
        var submit = phone.Locator("#activities form button[type=submit]").First;
        await phone.FillAsync($"#price-{Item}", "210000");

        await submit.ClickAsync();
        await Expect(phone.Locator(".form-error").First).ToContainTextAsync("网络错误");
        var retried = await phone.RunAndWaitForResponseAsync(() => submit.ClickAsync(), r => r.Url.EndsWith("/submissions", StringComparison.Ordinal));
        await phone.FillAsync($"#price-{Item}", "220000");
        var changed = await phone.RunAndWaitForResponseAsync(() => submit.ClickAsync(), r => r.Url.EndsWith("/submissions", StringComparison.Ordinal));

        Assert.Equal(201, retried.Status);
        Assert.Equal(201, changed.Status);
        Assert.Equal(3, keys.Count);
        Assert.Equal(keys[0], keys[1]);
        Assert.NotEqual(keys[1], keys[2]);
        Assert.All(keys, key => Assert.True(Guid.TryParse(key, out _), key));
    }

    [Fact]
    public async Task server_text_with_markup_is_shown_as_text_on_the_phone()
    {
        const string Markup = "<img src=x onerror=alert(1)>";
        var campaign = Setup.NewId("pp-xss");
        await Setup.DefineAsync(app, campaign, name: Markup);
        await Setup.DefineItemAsync(app, campaign, Item, name: Markup);
        var phone = await OpenSignedInAsync(campaign, "xss-person-1");
        var errors = PageErrors.Watch(phone);

        await Expect(phone.Locator("#campaign-name")).ToHaveTextAsync(Markup);
        await Expect(phone.Locator("#activities .card h2").First).ToHaveTextAsync(Markup);
        Assert.Equal(0, await phone.Locator("img").CountAsync());
        Assert.Empty(errors.All);
    }

    [Fact]
    public async Task a_visitor_continues_as_a_guest_where_the_campaign_and_item_allow_it_and_answers()
    {
        var campaign = Setup.NewId("pp-guest");
        await BrowserApp.PutAsync(app.AsAdmin(), $"/api/campaigns/{campaign}", new { name = "D90 共创", allowGuests = true });
        await BrowserApp.PutAsync(app.AsAdmin(), $"/api/campaigns/{campaign}/pricing/{Item}",
            new { name = "D90 2.0T 四驱", currency = "CNY", min = Setup.Min, max = Setup.Max, step = Setup.Step, mode = "direct", allowGuests = true });
        await BrowserApp.PostAsync(app.AsAdmin(), $"/api/campaigns/{campaign}/pricing/{Item}/open");
        var closed = Setup.NewId("pp-noguest");
        await Setup.DefineAsync(app, closed);
        await Setup.DefineItemAsync(app, closed, Item);
        var elsewhere = await app.OpenAsync($"/c/{closed}", 360, 740);
        await Expect(elsewhere.Locator($"#price-{Item}")).ToBeVisibleAsync();
        await Expect(elsewhere.Locator("#guest")).ToBeHiddenAsync();

        var phone = await app.OpenAsync($"/c/{campaign}", 360, 740);
        var errors = PageErrors.Watch(phone);
        await phone.Locator("#guest-button").ClickAsync();
        await Expect(phone.Locator("#signed-in")).ToBeVisibleAsync();
        await Expect(phone.Locator("#who")).ToContainTextAsync("guest");
        await Expect(phone.Locator("#guest")).ToBeHiddenAsync();
        await phone.FillAsync($"#price-{Item}", "200000");
        var response = await phone.RunAndWaitForResponseAsync(
            () => phone.Locator("#activities form button[type=submit]").First.ClickAsync(),
            r => r.Url.EndsWith($"/pricing/{Item}/submissions", StringComparison.Ordinal) && r.Request.Method == "POST");

        Assert.Equal(201, response.Status);
        await Expect(phone.Locator(".ok")).ToBeVisibleAsync();
        Assert.Empty(errors.All);
    }

    private async Task<IPage> OpenSignedInAsync(string campaign, string oneId)
    {
        // The token comes in the fragment, as a OneID sign-in would hand it over; the page keeps it in sessionStorage.
        var page = await app.OpenAsync($"/c/{campaign}#token={BrowserApp.ParticipantToken(oneId)}", 360, 740);
        await Expect(page.Locator("#signed-in")).ToBeVisibleAsync();
        Assert.DoesNotContain("token=", page.Url, StringComparison.Ordinal);
        return page;
    }
}
