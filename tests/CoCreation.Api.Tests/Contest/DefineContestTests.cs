using System.Net;
using System.Text.Json;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Contest;

namespace CoCreation.Api.Tests.Contest;

public sealed class DefineContestTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    [Fact]
    public async Task a_contest_is_201_when_created_200_when_updated_or_unchanged_and_listed_on_its_campaign()
    {
        await app.DefineCampaignAsync("d90");
        var url = "/api/campaigns/d90/contests/grilles";

        var created = await app.AsAdmin().PutJsonAsync(url, """{"title": "Grille design", "description": "Draw the D90's grille."}""");
        var unchanged = await app.AssertStoresNothingAsync(() => app.AsAdmin().PutJsonAsync(url, """{"title": "Grille design", "description": "Draw the D90's grille."}"""));
        var updated = await app.AsAdmin().PutJsonAsync(url, """{"title": "Grille design contest", "allowGuests": true}""");

        var body = await created.AssertJsonAsync<JsonElement>(HttpStatusCode.Created);
        Assert.Equal(("grilles", "submission"), (body.GetProperty("id").GetString(), body.GetProperty("stage").GetString()));
        Assert.Equal(HttpStatusCode.OK, unchanged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var contest = await (await app.Anonymous().GetAsync(url)).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal("Grille design contest", contest.GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, contest.GetProperty("description").ValueKind);
        Assert.True(contest.GetProperty("allowGuests").GetBoolean());
        Assert.False(body.GetProperty("allowGuests").GetBoolean());

        await app.MoveToAsync(url, ContestStages.Voting);
        var campaign = await (await app.Anonymous().GetAsync("/api/campaigns/d90")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        var listed = Assert.Single(campaign.GetProperty("contests").EnumerateArray());
        Assert.Equal(("grilles", "Grille design contest", "voting"),
            (listed.GetProperty("id").GetString(), listed.GetProperty("title").GetString(), listed.GetProperty("stage").GetString()));
    }
}
