using System.Net;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Testing;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Tests.Pricing.Exporting;

public sealed class ExportErrorTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    [Fact]
    public async Task only_admins_export()
    {
        var url = await app.DefineItemAsync(ExportFixtures.NewCampaign(), "d90");

        await app.AssertStoresNothingAsync(async () =>
        {
            await (await app.Anonymous().ExportAsync(url, "kind=raw")).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await app.WithBearer("not-a-key-of-this-api-0123").ExportAsync(url, "kind=raw")).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await app.AsHost().ExportAsync(url, "kind=raw")).AssertProblemAsync(HttpStatusCode.Forbidden);
            return await (await app.AsParticipant("oneid-export").ExportAsync(url, "kind=raw")).AssertProblemAsync(HttpStatusCode.Forbidden);
        });
    }

    [Fact]
    public async Task an_unknown_campaign_or_item_is_404()
    {
        var campaign = ExportFixtures.NewCampaign();
        await app.DefineItemAsync(campaign, "d90");

        await app.AssertStoresNothingAsync(async () =>
        {
            await (await app.AsAdmin().ExportAsync($"/api/campaigns/{ExportFixtures.NewCampaign()}/pricing/d90", "kind=raw")).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await app.AsAdmin().ExportAsync($"/api/campaigns/{campaign}/pricing/unknown", "kind=raw")).AssertProblemAsync(HttpStatusCode.NotFound);
            return await (await app.AsAdmin().ExportAsync($"/api/campaigns/{campaign}/pricing/NOT_A_SLUG", "kind=raw")).AssertProblemAsync(HttpStatusCode.NotFound);
        });
    }

    [Fact]
    public async Task an_export_as_of_a_position_before_the_item_existed_is_404()
    {
        var before = await app.Store.ReadHeadSequenceAsync();
        var campaign = ExportFixtures.NewCampaign();
        var url = await app.DefineItemAsync(campaign, "d90");
        await app.WaitForStatsAsync(await app.Store.ReadHeadSequenceAsync());

        // The campaign's definition is the first new event; the item's comes after it.
        var problem = await (await app.AsAdmin().ExportAsync(url, $"kind=raw&asOf={before + 1}")).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains($"as of sequence {before + 1}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kind=everything", "kind")]
    [InlineData("kind=RAW", "kind")]
    [InlineData("format=xlsx", "format")]
    [InlineData("asOf=latest", "asOf")]
    [InlineData("asOf=0", "asOf")]
    [InlineData("asOf=-4", "asOf")]
    [InlineData("asOf=99999999999999999999", "asOf")]
    [InlineData("kind=histogram&bins=0", "bins")]
    [InlineData("kind=histogram&bins=201", "bins")]
    [InlineData("kind=psm&bootstrap=-1", "bootstrap")]
    [InlineData("kind=psm&bootstrap=2001", "bootstrap")]
    [InlineData("bom=yes", "bom")]
    [InlineData("excludeFlagged=slow", "excludeFlagged")]
    [InlineData("kind=histogram&excludeFlagged=fast,", "excludeFlagged")]
    [InlineData("kind=psm", "kind")]
    [InlineData("kind=psm-points&format=json", "kind")]
    public async Task a_bad_query_is_400_naming_the_field(string query, string field)
    {
        var url = await app.DefineItemAsync(ExportFixtures.NewCampaign(), "d90");
        await app.WaitForStatsAsync(await app.Store.ReadHeadSequenceAsync());

        var problem = await app.AssertStoresNothingAsync(async () =>
            await (await app.AsAdmin().ExportAsync(url, query)).AssertProblemAsync(HttpStatusCode.BadRequest));

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no {field} error: {problem.GetRawText()}");
    }

    [Fact]
    public async Task an_as_of_beyond_the_position_known_complete_is_400_saying_up_to_where_one_may_ask()
    {
        var url = await app.DefineItemAsync(ExportFixtures.NewCampaign(), "d90");
        var head = await app.Store.ReadHeadSequenceAsync();
        await app.WaitForStatsAsync(head);

        var problem = await app.AssertStoresNothingAsync(async () =>
            await (await app.AsAdmin().ExportAsync(url, $"asOf={head + 1_000}")).AssertProblemAsync(HttpStatusCode.BadRequest));

        var message = Assert.Single(problem.GetProperty("errors").GetProperty("asOf").EnumerateArray()).GetString();
        Assert.Contains("at most", message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await app.AsAdmin().ExportAsync(url, $"asOf={head}")).StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short-pseudonym-key")]
    public async Task a_missing_or_short_pseudonym_key_stops_start_up_naming_the_setting(string key)
    {
        await using var node = CoCreationApp.On(TestDatabase.UniqueSchema("api"), new Dictionary<string, string?> { ["Pseudonym:Key"] = key }, ownsSchema: true);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(node.InitializeAsync);

        Assert.Contains("Pseudonym:Key", failure.Message, StringComparison.Ordinal);
        if (key.Length > 0) Assert.DoesNotContain(key, failure.Message, StringComparison.Ordinal);
    }
}
