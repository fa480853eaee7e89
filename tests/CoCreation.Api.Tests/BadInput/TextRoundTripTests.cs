using System.Net;
using System.Text;
using System.Text.Json;
using CoCreation.Api.Campaigns;
using CoCreation.Api.Contest;
using CoCreation.Api.Pricing;
using CoCreation.Api.Pricing.Statistics;
using CoCreation.Api.Suggestions.Listing;
using CoCreation.Api.Tests.Contest;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Api.Tests.Voting;
using CoCreation.Api.Voting;
using CoCreation.Contest;
using CoCreation.EventStore.Projections;
using Microsoft.Extensions.DependencyInjection;

namespace CoCreation.Api.Tests.BadInput;

/// <summary>
/// Stored free text comes back exactly through every read and export: emoji, ZWJ sequences, RTL overrides, zero-width
/// characters, CJK and Arabic, combining marks, markup, quotes, backslashes and SQL. The documented normalisations are
/// the only changes: suggestions to NFC with <c>\n</c> line breaks, trimmed; contest titles trimmed and descriptions
/// with <c>\n</c> line breaks, trimmed.
/// </summary>
public sealed class TextRoundTripTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    /// <summary>A name: no control characters, under 200 UTF-16 units, not starting like a formula or with white space.</summary>
    public const string Naughty =
        "🚗 D90 \"Pro\" 'max' \\back\\slash <script>alert(1)</script> <img src=x onerror=alert(1)> 上海 العربية " +
        "\u202Eevil\u202C 👩‍👩‍👧 e\u0301 zero\u200Bwidth &amp; '; drop table events; --";

    private static string Multiline(string lineBreak) => $"{Naughty}{lineBreak}second line 👍🏽{lineBreak}third";

    [Fact]
    public void the_naughty_name_is_a_valid_name()
    {
        Assert.True(Naughty.Length <= DisplayName.MaxLength);
        Assert.DoesNotContain(Naughty, char.IsControl);
        Assert.NotEqual(Naughty, Naughty.Normalize(NormalizationForm.FormC)); // so the NFC round trip below is not trivial
    }

    [Fact]
    public async Task a_campaign_name_and_description_come_back_exactly()
    {
        // The campaign description keeps tabs and CR LF as sent.
        var description = Multiline("\r\n") + "\ttabbed";
        var put = await app.AsAdmin().PutJsonAsync("/api/campaigns/text-campaign", Json(new { name = Naughty, description }));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        var campaign = await (await app.Anonymous().GetAsync("/api/campaigns/text-campaign")).AssertJsonAsync<CampaignResponse>(HttpStatusCode.OK);
        Assert.Equal((Naughty, description), (campaign.Name, campaign.Description));
        var listed = await (await app.Anonymous().GetAsync("/api/campaigns")).AssertJsonAsync<List<CampaignResponse>>(HttpStatusCode.OK);
        Assert.Equal(Naughty, listed.Single(c => c.Id == "text-campaign").Name);
    }

    [Fact]
    public async Task an_item_name_comes_back_exactly()
    {
        await app.DefineCampaignAsync("text-item");
        var body = PricingFixtures.DirectItem.Replace("\"D90 2.0T 4WD\"", Json(Naughty), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await app.AsAdmin().PutJsonAsync("/api/campaigns/text-item/pricing/d90", body)).StatusCode);

        var item = await (await app.Anonymous().GetAsync("/api/campaigns/text-item/pricing/d90")).AssertJsonAsync<PricingItemResponse>(HttpStatusCode.OK);
        Assert.Equal(Naughty, item.Name);
        var campaign = await (await app.Anonymous().GetAsync("/api/campaigns/text-item")).AssertJsonAsync<CampaignResponse>(HttpStatusCode.OK);
        Assert.Equal(Naughty, campaign.PricingItems.Single().Name);
    }

    [Fact]
    public async Task a_question_title_and_option_labels_come_back_exactly()
    {
        var label = $"{Naughty} ✓";
        var url = await app.DefineQuestionAsync("text-question", "q", Json(new
        {
            title = Naughty, kind = "single", options = new[] { new { id = "a", label }, new { id = "b", label = "上海" } },
        }));

        var question = await (await app.Anonymous().GetAsync(url)).AssertJsonAsync<QuestionResponse>(HttpStatusCode.OK);
        Assert.Equal((Naughty, label), (question.Title, question.Options[0].Label));
        var results = await app.ResultsAsync(url);
        Assert.Equal([label, "上海"], results.Options.Select(o => o.Label));
        var campaign = await (await app.Anonymous().GetAsync("/api/campaigns/text-question")).AssertJsonAsync<CampaignResponse>(HttpStatusCode.OK);
        Assert.Equal(Naughty, campaign.Questions.Single().Title);
    }

    [Fact]
    public async Task a_suggestion_comes_back_as_its_nfc_form_with_lf_line_breaks()
    {
        var url = await app.DefineQuestionAsync("text-suggestion", "q");
        var sent = "  " + Multiline("\r\n") + " ";
        var request = new HttpRequestMessage(HttpMethod.Post, $"{url}/suggestions") { Content = BadInputCases.Json(Json(new { text = sent })) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var id = (await (await app.AsParticipant("text-suggester").SendAsync(request)).AssertJsonAsync<JsonElement>(HttpStatusCode.Created))
            .GetProperty("suggestionId").GetGuid();
        var moderated = await app.AsAdmin().PostJsonAsync($"/api/campaigns/text-suggestion/suggestions/{id}/moderation", """{"decision": "approve"}""");
        var expected = Multiline("\n").Normalize(NormalizationForm.FormC);
        Assert.Equal(expected, (await moderated.AssertJsonAsync<JsonElement>(HttpStatusCode.OK)).GetProperty("text").GetString());

        var page = await (await app.Anonymous().GetAsync($"{url}/suggestions")).AssertJsonAsync<SuggestionPage>(HttpStatusCode.OK);
        Assert.Equal(expected, page.Items.Single().Text);
    }

    [Fact]
    public async Task contest_and_entry_titles_and_descriptions_come_back_exactly_in_reads_the_leaderboard_and_the_export()
    {
        await app.DefineCampaignAsync("text-contest");
        var contestUrl = "/api/campaigns/text-contest/contests/k";
        var put = await app.AsAdmin().PutJsonAsync(contestUrl, Json(new { title = Naughty, description = Multiline("\r\n") }));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var contest = await (await app.Anonymous().GetAsync(contestUrl)).AssertJsonAsync<ContestResponse>(HttpStatusCode.OK);
        Assert.Equal((Naughty, Multiline("\n")), (contest.Title, contest.Description));

        var entry = (await (await app.AsParticipant("text-author").SubmitEntryAsync(contestUrl, ContestFixtures.Png(31), $" {Naughty} ", Multiline("\r\n")))
            .AssertJsonAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("entryId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await app.ModerateAsync(contestUrl, entry, "approve")).StatusCode);
        await app.MoveToAsync(contestUrl, ContestStages.Voting);

        var read = await (await app.Anonymous().GetAsync($"{contestUrl}/entries/{entry}")).AssertJsonAsync<EntryResponse>(HttpStatusCode.OK);
        Assert.Equal((Naughty, Multiline("\n")), (read.Title, read.Description));
        Assert.Equal(Naughty, (await app.LeaderboardAsync(contestUrl)).Single().GetProperty("title").GetString());
        Assert.Equal(Naughty, Rfc4180.Rows(await app.AsAdmin().GetStringAsync($"{contestUrl}/export")).Single()["title"]);
    }

    [Theory]
    [InlineData("上海-浦东 2")]
    [InlineData("Île-de-France")]
    [InlineData("مكة")]
    public async Task a_region_comes_back_exactly_in_the_statistics_and_both_exports(string region)
    {
        var url = await app.DefineItemAsync($"text-region-{Math.Abs(region.GetHashCode(StringComparison.Ordinal)) % 10_000}", "d90");
        var body = Json(new { price = 150_000, segment = new { region } });
        Assert.Equal(HttpStatusCode.Created, (await app.AsParticipant("text-region").SubmitAsync(url, body)).StatusCode);
        var head = await app.Store.ReadHeadSequenceAsync();
        Assert.True(await app.Services.GetRequiredService<ProjectionDaemon>().WaitForPositionAsync(PricingStatistics.ProjectionName, head, TimeSpan.FromSeconds(30)));

        var cut = await (await app.Anonymous().GetAsync($"{url}/stats?region={Uri.EscapeDataString(region)}")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal(1, cut.GetProperty("participants").GetInt64());
        Assert.Equal(region, Rfc4180.Rows(await app.AsAdmin().GetStringAsync($"{url}/export?kind=raw&format=csv")).Single()["region"]);
        var json = await (await app.AsAdmin().GetAsync($"{url}/export?kind=raw&format=json")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal(region, json.GetProperty("rows")[0].GetProperty("region").GetString());
    }

    [Theory]
    [InlineData("campaign description", "\u0000")]
    [InlineData("campaign description", "\u001b")]
    [InlineData("contest description", "\t")]
    [InlineData("contest description", "\u0007")]
    [InlineData("name", "\t")]
    [InlineData("name", "\n")]
    [InlineData("suggestion", "\t")]
    public async Task control_characters_a_field_does_not_take_are_400_naming_it(string field, string control)
    {
        await app.DefineQuestionAsync("text-controls", "q");
        var text = $"before{control}after";
        var (url, body, name) = field switch
        {
            "campaign description" => ("/api/campaigns/text-controls", Json(new { name = "ok", description = text }), "description"),
            "contest description" => ("/api/campaigns/text-controls/contests/k", Json(new { title = "ok", description = text }), "description"),
            "name" => ("/api/campaigns/text-controls", Json(new { name = text }), "name"),
            _ => ("/api/campaigns/text-controls/questions/q/suggestions", Json(new { text }), "text"),
        };
        var request = new HttpRequestMessage(url.EndsWith("suggestions", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Put, url)
        {
            Content = BadInputCases.Json(body),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var client = field == "suggestion" ? app.AsParticipant("text-controller") : app.AsAdmin();

        var response = await app.AssertStoresNothingAsync(() => client.SendAsync(request));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(name, out _), problem.ToString());
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
}
