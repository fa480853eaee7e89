using System.Net;
using System.Text.Json;
using CoCreation.Api.Tests.Hosting;
using CoCreation.EventStore;
using CoCreation.Testing;

namespace CoCreation.Api.Tests.Operations;

public sealed class HealthTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    [Fact]
    public async Task live_answers_healthy_json()
    {
        var health = await (await app.Anonymous().GetAsync("/health/live")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);

        Assert.Equal("Healthy", health.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ready_checks_postgresql_and_the_schema()
    {
        var health = await (await app.Anonymous().GetAsync("/health/ready")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);

        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        var check = Assert.Single(health.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "postgres");
        Assert.Equal("Healthy", check.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ready_is_503_with_a_problem_when_the_schema_is_gone()
    {
        var schema = TestDatabase.UniqueSchema("api");
        await using var doomed = CoCreationApp.On(schema, ownsSchema: true);
        await doomed.InitializeAsync();
        await using (var dataSource = TestDatabase.CreateDataSource())
        {
            await EventStoreSchema.DropAsync(dataSource, schema);
        }

        var response = await doomed.Anonymous().GetAsync("/health/ready");

        var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(JsonValueKind.Array, problem.GetProperty("checks").ValueKind);
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
