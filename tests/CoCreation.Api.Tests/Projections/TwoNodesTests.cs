using System.Net;
using System.Text.Json;
using CoCreation.Api.Tests.Hosting;
using CoCreation.EventStore;
using CoCreation.Testing;

namespace CoCreation.Api.Tests.Projections;

/// <summary>Two API nodes on one database, as behind a load balancer.</summary>
public sealed class TwoNodesTests
{
    private static readonly Dictionary<string, string?> FastFailover = new()
    {
        ["Projections:StandbyRetryInterval"] = "00:00:00.200",
        ["Projections:LeaseCheckInterval"] = "00:00:00.200",
    };

    [Fact]
    public async Task exactly_one_node_runs_the_campaign_projection_and_the_other_takes_over_when_it_stops()
    {
        var schema = TestDatabase.UniqueSchema("two");
        var first = CoCreationApp.On(schema, FastFailover);
        var second = CoCreationApp.On(schema, FastFailover);
        try
        {
            await Task.WhenAll(first.InitializeAsync(), second.InitializeAsync());
            (await first.AsAdmin().PutJsonAsync("/api/campaigns/one", """{"name":"One"}""")).EnsureSuccessStatusCode();
            await ProjectionEndpointsTests.WaitUntilAsync(async () =>
                (await second.Anonymous().GetAsync("/api/campaigns/one")).StatusCode == HttpStatusCode.OK);

            var active = new[] { await IsActiveAsync(first), await IsActiveAsync(second) };
            Assert.Single(active, a => a);

            var (leader, standby) = active[0] ? (first, second) : (second, first);
            await leader.DisposeAsync();

            (await standby.AsAdmin().PutJsonAsync("/api/campaigns/two", """{"name":"Two"}""")).EnsureSuccessStatusCode();
            await ProjectionEndpointsTests.WaitUntilAsync(async () =>
                (await standby.Anonymous().GetAsync("/api/campaigns/two")).StatusCode == HttpStatusCode.OK);
            Assert.True(await IsActiveAsync(standby));
            var list = await (await standby.Anonymous().GetAsync("/api/campaigns")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
            Assert.Equal(["one", "two"], list.EnumerateArray().Select(c => c.GetProperty("id").GetString()).Order());
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
            await using var dataSource = TestDatabase.CreateDataSource();
            await EventStoreSchema.DropAsync(dataSource, schema);
        }
    }

    private static async Task<bool> IsActiveAsync(CoCreationApp node)
    {
        var status = await (await node.AsAdmin().GetAsync("/api/admin/projections")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        return status.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "campaigns").GetProperty("isActive").GetBoolean();
    }
}
