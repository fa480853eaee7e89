using System.Net;
using System.Text;
using CoCreation.Api.Tests.Hosting;

namespace CoCreation.Api.Tests.Errors;

public sealed class ErrorResponseTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    [Fact]
    public async Task malformed_json_is_400_with_a_problem()
    {
        var response = await app.AsAdmin().PutJsonAsync("/api/campaigns/c1", """{"name": "x",""");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task a_value_of_the_wrong_type_is_400_naming_the_field()
    {
        var response = await app.AsAdmin().PutJsonAsync("/api/campaigns/c1", """{"name": 42}""");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("$.name", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_missing_body_is_400()
    {
        var response = await app.AsAdmin().PutAsync("/api/campaigns/c1", new StringContent("", Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task a_body_over_the_limit_is_413()
    {
        var huge = $$"""{"name": "x", "description": "{{new string('a', 1024 * 1024)}}"}""";

        var response = await app.AsAdmin().PutJsonAsync("/api/campaigns/c1", huge);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task invalid_fields_are_400_with_errors_per_field()
    {
        var response = await app.AsAdmin().PutJsonAsync("/api/campaigns/Not_A_Slug",
            $$"""{"name": "", "description": "{{new string('d', 4001)}}"}""");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("campaignId", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("name", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("description", out _), errors.ToString());
    }

    [Fact]
    public async Task a_nul_character_in_a_name_is_400_not_a_database_error()
    {
        var response = await app.AsAdmin().PutJsonAsync("/api/campaigns/c1", """{"name": "a\u0000b"}""");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task a_name_over_200_characters_is_400()
    {
        var response = await app.AsAdmin().PutJsonAsync("/api/campaigns/c1", $$"""{"name": "{{new string('n', 201)}}"}""");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task an_unknown_campaign_is_404_with_a_problem()
    {
        var response = await app.Anonymous().GetAsync("/api/campaigns/no-such-campaign");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task an_unknown_route_is_404_with_a_problem()
    {
        var response = await app.Anonymous().GetAsync("/api/nothing-here");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_wrong_method_is_405_with_a_problem()
    {
        var response = await app.AsAdmin().DeleteAsync("/api/campaigns/c1");

        await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task problems_carry_a_trace_id()
    {
        var problem = await (await app.Anonymous().GetAsync("/api/campaigns/no-such-campaign")).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
    }
}
