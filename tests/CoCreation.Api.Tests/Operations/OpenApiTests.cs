using System.Net;
using System.Text.Json;
using CoCreation.Api.Tests.Hosting;

namespace CoCreation.Api.Tests.Operations;

public sealed class OpenApiTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    [Fact]
    public async Task the_document_lists_the_campaign_endpoints_and_the_bearer_scheme()
    {
        var document = await (await app.Anonymous().GetAsync("/openapi/v1.json")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);

        var campaign = document.GetProperty("paths").GetProperty("/api/campaigns/{campaignId}");
        Assert.True(campaign.TryGetProperty("put", out var put));
        Assert.True(campaign.TryGetProperty("get", out _));
        Assert.Equal("http", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("type").GetString());
        Assert.True(put.GetProperty("security")[0].TryGetProperty("bearer", out _));
    }
}
