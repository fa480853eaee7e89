using System.Net;
using System.Text.Json;
using CoCreation.Participants;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Pricing;
using Microsoft.Extensions.DependencyInjection;

namespace CoCreation.Api.Tests.Pricing;

public sealed class SubmitBatchTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    private Task<Guid> ParticipantOf(string oneId) =>
        app.Services.GetRequiredService<ParticipantDirectory>().ResolveAsync(oneId, CancellationToken.None);

    private static string Row(string oneId, string channel, long price, Guid key, string extra = "") =>
        $$"""{"oneId": "{{oneId}}", "channel": "{{channel}}", "price": {{price}}, "idempotencyKey": "{{key}}"{{extra}}}""";

    [Fact]
    public async Task each_row_gets_its_own_result_and_only_valid_rows_are_stored()
    {
        var url = await app.DefineItemAsync("batch", "d90");
        var replayedKey = Guid.NewGuid();
        var reusedKey = Guid.NewGuid();
        var seeded = await (await app.AsAdmin().PostJsonAsync($"{url}/submissions/batch",
            $$"""{"rows": [{{Row("b-replayed", "dealer", 150_000, replayedKey)}}, {{Row("b-reused", "dealer", 150_000, reusedKey)}}]}"""))
            .AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        var before = await app.Store.ReadHeadSequenceAsync();

        var response = await app.AsAdmin().PostJsonAsync($"{url}/submissions/batch", $$"""
            {"rows": [
              {{Row("b-new", "dealer", 150_000, Guid.NewGuid(), ""","segment": {"region": "Chengdu", "ageBand": "35-44"}""")}},
              {{Row("b-off-grid", "dealer", 150_500, Guid.NewGuid())}},
              {{Row("b-replayed", "dealer", 150_000, replayedKey)}},
              {{Row("b-reused", "dealer", 160_000, reusedKey)}},
              {{Row("b-channel", "fax", 150_000, Guid.NewGuid())}},
              {"oneId": "b-no-key", "channel": "web", "price": 150000},
              {"channel": "web", "price": 150000, "idempotencyKey": "{{Guid.NewGuid()}}"},
              null
            ]}
            """);

        var results = (await response.AssertJsonAsync<JsonElement>(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], results.Select(r => r.GetProperty("index").GetInt32()));
        Assert.Equal([201, 400, 200, 422, 400, 400, 400, 400], results.Select(r => r.GetProperty("status").GetInt32()));
        Assert.True(results[1].GetProperty("errors").TryGetProperty("price", out _));
        Assert.True(results[4].GetProperty("errors").TryGetProperty("channel", out _));
        Assert.True(results[5].GetProperty("errors").TryGetProperty("idempotencyKey", out _));
        Assert.True(results[6].GetProperty("errors").TryGetProperty("oneId", out _));
        Assert.False(results[0].TryGetProperty("errors", out _));
        Assert.Equal(seeded[0].GetProperty("submissionId").GetGuid(), results[2].GetProperty("submissionId").GetGuid());
        Assert.Equal(seeded[0].GetProperty("sequence").GetInt64(), results[2].GetProperty("sequence").GetInt64());

        Assert.Equal(before + 1, await app.Store.ReadHeadSequenceAsync());
        var stored = Assert.Single(await app.Store.ReadStreamAsync(PricingItem.SubmissionStreamId("batch", "d90", await ParticipantOf("b-new"))));
        Assert.Equal(results[0].GetProperty("submissionId").GetGuid(), stored.Id);
        Assert.Equal(new PriceSubmitted("batch", "d90", await ParticipantOf("b-new"), "dealer", 150_000, null, null, null, null, null, null, "Chengdu", "35-44"), stored.Data);
    }

    [Fact]
    public async Task a_batch_row_and_the_persons_own_submission_share_their_identity_and_keys()
    {
        var url = await app.DefineItemAsync("shared", "d90");
        var key = Guid.NewGuid();
        await app.AsAdmin().PostJsonAsync($"{url}/submissions/batch", $$"""{"rows": [{{Row("b-person", "dealer", 150_000, key)}}]}""");

        var own = await app.AsParticipant("b-person", "app").SubmitAsync(url, """{"price": 150000}""", key.ToString());
        await app.AsParticipant("b-person", "app").SubmitAsync(url, """{"price": 170000}""");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var events = await app.Store.ReadStreamAsync(PricingItem.SubmissionStreamId("shared", "d90", await ParticipantOf("b-person")));
        Assert.Equal([150_000L, 170_000L], events.Select(e => ((PriceSubmitted)e.Data).Price!.Value));
    }

    [Fact]
    public async Task many_rows_are_appended_concurrently_and_all_acknowledged()
    {
        var url = await app.DefineItemAsync("many", "d90");
        var rows = Enumerable.Range(0, 2_000).Select(i => Row($"b-many-{i}", "web", 100_000 + i % 200 * 1_000, Guid.NewGuid()));
        var before = await app.Store.ReadHeadSequenceAsync();

        var response = await app.AsAdmin().PostJsonAsync($"{url}/submissions/batch", $$"""{"rows": [{{string.Join(",", rows)}}]}""");

        var results = (await response.AssertJsonAsync<JsonElement>(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.All(results, r => Assert.Equal(201, r.GetProperty("status").GetInt32()));
        Assert.Equal(2_000, results.Select(r => r.GetProperty("sequence").GetInt64()).Distinct().Count());
        Assert.Equal(before + 2_000, await app.Store.ReadHeadSequenceAsync());
    }

    [Fact]
    public async Task a_batch_may_be_ingested_while_the_round_is_closed()
    {
        var url = await app.DefineItemAsync("offline", "d90", open: false);

        var response = await app.AsAdmin().PostJsonAsync($"{url}/submissions/batch", $$"""{"rows": [{{Row("b-offline", "dealer", 150_000, Guid.NewGuid())}}]}""");

        Assert.Equal(201, (await response.AssertJsonAsync<JsonElement>(HttpStatusCode.OK))[0].GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public async Task an_empty_or_oversized_batch_is_400_and_stores_nothing(int count)
    {
        var url = await app.DefineItemAsync("sizes", "d90");
        var row = Row("b-size", "web", 150_000, Guid.Empty);
        var body = $$"""{"rows": [{{string.Join(",", Enumerable.Repeat(row, count))}}]}""";

        var response = await app.AssertStoresNothingAsync(() => app.AsAdmin().PostJsonAsync($"{url}/submissions/batch", body));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("rows", out _));
    }

    [Fact]
    public async Task a_batch_body_over_eight_megabytes_is_413()
    {
        var url = await app.DefineItemAsync("huge", "d90");
        var body = $$"""{"rows": [], "padding": "{{new string('x', 8 * 1024 * 1024)}}"}""";

        var response = await app.AssertStoresNothingAsync(() => app.AsAdmin().PostJsonAsync($"{url}/submissions/batch", body));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task a_malformed_batch_is_400_and_stores_nothing()
    {
        var url = await app.DefineItemAsync("malformed-batch", "d90");

        var response = await app.AssertStoresNothingAsync(() => app.AsAdmin().PostJsonAsync($"{url}/submissions/batch",
            $$"""{"rows": [{{Row("b-ok", "web", 150_000, Guid.NewGuid())}}, {"oneId": 5}]}"""));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task only_admins_send_batches_and_only_for_known_items()
    {
        var url = await app.DefineItemAsync("batch-roles", "d90");
        var body = $$"""{"rows": [{{Row("b-roles", "web", 150_000, Guid.NewGuid())}}]}""";

        await app.AssertStoresNothingAsync(async () =>
        {
            await (await app.Anonymous().PostJsonAsync($"{url}/submissions/batch", body)).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await app.AsHost().PostJsonAsync($"{url}/submissions/batch", body)).AssertProblemAsync(HttpStatusCode.Forbidden);
            await (await app.AsParticipant("b-roles").PostJsonAsync($"{url}/submissions/batch", body)).AssertProblemAsync(HttpStatusCode.Forbidden);
            return await (await app.AsAdmin().PostJsonAsync("/api/campaigns/batch-roles/pricing/nope/submissions/batch", body)).AssertProblemAsync(HttpStatusCode.NotFound);
        });
    }
}
