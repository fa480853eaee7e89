using System.Net;
using System.Text.Json;
using CoCreation.Api.Participants.Erasing;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Api.Tests.Pricing.Exporting;
using CoCreation.EventStore;
using CoCreation.EventStore.Projections;
using CoCreation.Participants;
using CoCreation.Pricing;
using CoCreation.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CoCreation.Api.Tests.Participants;

public sealed class ErasureTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private ParticipantDirectory Directory => app.Services.GetRequiredService<ParticipantDirectory>();

    [Fact]
    public async Task after_erasure_nothing_links_the_oneid_to_its_answers_which_stay_as_an_anonymous_count()
    {
        var campaign = ExportFixtures.NewCampaign();
        var url = await app.DefineItemAsync(campaign, "item");
        var oneId = $"erase-{Guid.NewGuid():N}";
        var person = app.AsParticipant(oneId);
        var first = await (await person.SubmitAsync(url, """{"price": 150000}""")).AssertJsonAsync<JsonElement>(HttpStatusCode.Created);
        var before = await ExportAsync(url, first.GetProperty("sequence").GetInt64());
        var erasedId = await Directory.ResolveAsync(oneId, CancellationToken.None);
        Assert.Equal([ExportFixtures.Pseudonym(erasedId)], before.Rows.Select(r => r["participant"]));

        Assert.Equal(HttpStatusCode.NoContent, (await app.AsAdmin().DeleteAsync($"/api/participants/{oneId}")).StatusCode);

        Assert.Equal(0, await RowsHoldingAsync(app.Schema, oneId));
        Assert.Equal(0L, await DirectoryRowsOfAsync(app.Schema, erasedId));
        var again = await ExportAsync(url, first.GetProperty("sequence").GetInt64());
        Assert.Equal(before.Rows, again.Rows);

        var second = await (await person.SubmitAsync(url, """{"price": 160000}""")).AssertJsonAsync<JsonElement>(HttpStatusCode.Created);
        var returning = await Directory.ResolveAsync(oneId, CancellationToken.None);
        Assert.NotEqual(erasedId, returning);
        var after = await ExportAsync(url, second.GetProperty("sequence").GetInt64());
        Assert.Equal(
            new[] { ExportFixtures.Pseudonym(erasedId), ExportFixtures.Pseudonym(returning) }.Order(),
            after.Rows.Select(r => r["participant"]).Order());
        var me = await (await person.GetAsync("/api/identity/me")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(erasedId.ToString("N"), me);
        Assert.DoesNotContain(ExportFixtures.Pseudonym(erasedId), me);
    }

    [Fact]
    public async Task the_erasure_is_in_the_log_with_its_admin_and_the_participant_id_but_never_the_oneid()
    {
        var oneId = $"erase-log-{Guid.NewGuid():N}";
        var erasedId = await Directory.ResolveAsync(oneId, CancellationToken.None);

        Assert.Equal(HttpStatusCode.NoContent, (await app.AsAdmin().DeleteAsync($"/api/participants/{oneId}")).StatusCode);

        var recorded = Assert.Single(await app.Store.ReadStreamAsync(ParticipantErasure.StreamId(erasedId)));
        Assert.Equal("participant-erased", recorded.Type);
        Assert.Equal(new ParticipantErased(erasedId, false, recorded.Metadata.Actor!), recorded.Data);
        Assert.StartsWith("admin:", recorded.Metadata.Actor);
        Assert.DoesNotContain(CoCreationApp.AdminKey, recorded.Metadata.Actor);
        Assert.Equal(0, await RowsHoldingAsync(app.Schema, oneId));
    }

    [Fact]
    public async Task erasing_an_unknown_or_already_erased_oneid_is_no_content_and_stores_nothing_more()
    {
        var oneId = $"erase-twice-{Guid.NewGuid():N}";
        var erasedId = await Directory.ResolveAsync(oneId, CancellationToken.None);
        Assert.Equal(HttpStatusCode.NoContent, (await app.AsAdmin().DeleteAsync($"/api/participants/{oneId}")).StatusCode);

        var again = await app.AssertStoresNothingAsync(() => app.AsAdmin().DeleteAsync($"/api/participants/{oneId}"));
        var unknown = await app.AssertStoresNothingAsync(() => app.AsAdmin().DeleteAsync($"/api/participants/never-seen-{Guid.NewGuid():N}"));

        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, unknown.StatusCode);
        Assert.Single(await app.Store.ReadStreamAsync(ParticipantErasure.StreamId(erasedId)));
    }

    [Fact]
    public async Task an_erasure_whose_announcement_failed_is_announced_by_the_next_erasure_request()
    {
        // The row went but the process died before the event was appended: the pending erasure is all that is left.
        var oneId = $"erase-crash-{Guid.NewGuid():N}";
        var erasedId = await Directory.ResolveAsync(oneId, CancellationToken.None);
        Assert.Equal(erasedId, await Directory.EraseAsync(oneId, "admin:crashed", CancellationToken.None));
        Assert.Empty(await app.Store.ReadStreamAsync(ParticipantErasure.StreamId(erasedId)));

        Assert.Equal(HttpStatusCode.NoContent, (await app.AsAdmin().DeleteAsync($"/api/participants/{oneId}")).StatusCode);

        var recorded = Assert.Single(await app.Store.ReadStreamAsync(ParticipantErasure.StreamId(erasedId)));
        Assert.Equal("admin:crashed", recorded.Metadata.Actor);
        Assert.Empty(await Directory.PendingErasuresAsync(CancellationToken.None));
    }

    [Fact]
    public async Task erasure_needs_an_admin_key()
    {
        var url = $"/api/participants/someone-{Guid.NewGuid():N}";

        await (await app.Anonymous().DeleteAsync(url)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await app.AsHost().DeleteAsync(url)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await app.AsParticipant("someone").DeleteAsync(url)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task a_oneid_that_cannot_be_one_is_a_validation_problem_and_stores_nothing()
    {
        var response = await app.AssertStoresNothingAsync(() => app.AsAdmin().DeleteAsync("/api/participants/bad%01id"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("oneId", out _));
    }

    [Fact]
    public async Task an_erasure_on_one_node_makes_the_other_node_forget_the_mapping_it_had_cached()
    {
        var schema = TestDatabase.UniqueSchema("erase");
        var first = CoCreationApp.On(schema);
        var second = CoCreationApp.On(schema);
        try
        {
            await Task.WhenAll(first.InitializeAsync(), second.InitializeAsync());
            var url = await first.DefineItemAsync("two", "item");
            var oneId = $"erase-nodes-{Guid.NewGuid():N}";
            var person = second.AsParticipant(oneId);
            var before = await (await person.SubmitAsync(url, """{"price": 150000}""")).AssertJsonAsync<JsonElement>(HttpStatusCode.Created);
            var erasedId = await ParticipantOfAsync(second, before.GetProperty("sequence").GetInt64(), "two");

            Assert.Equal(HttpStatusCode.NoContent, (await first.AsAdmin().DeleteAsync($"/api/participants/{oneId}")).StatusCode);
            var erasure = Assert.Single(await first.Store.ReadStreamAsync(ParticipantErasure.StreamId(erasedId)));
            Assert.True(await second.Services.GetRequiredService<ProjectionDaemon>()
                .WaitForPositionAsync(ErasedParticipants.ProjectionName, erasure.Sequence, Wait));

            var after = await (await person.SubmitAsync(url, """{"price": 160000}""")).AssertJsonAsync<JsonElement>(HttpStatusCode.Created);
            Assert.NotEqual(erasedId, await ParticipantOfAsync(second, after.GetProperty("sequence").GetInt64(), "two"));
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
            await using var dataSource = TestDatabase.CreateDataSource();
            await EventStoreSchema.DropAsync(dataSource, schema);
        }
    }

    private async Task<(IReadOnlyList<string> Header, List<Dictionary<string, string>> Rows)> ExportAsync(string url, long sequence)
    {
        await app.WaitForStatsAsync(sequence);
        var response = await app.AsAdmin().ExportAsync(url, $"kind=raw&format=csv&asOf={sequence}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return ExportFixtures.ParseCsv(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The participant id of the submission at <paramref name="sequence"/>, read from the log.</summary>
    private static async Task<Guid> ParticipantOfAsync(CoCreationApp node, long sequence, string campaign)
    {
        await using var dataSource = TestDatabase.CreateDataSource();
        await using var command = dataSource.CreateCommand($"select (data->>'participantId')::uuid from {node.Schema}.events where seq_id = $1");
        command.Parameters.AddWithValue(sequence);
        var id = (Guid)(await command.ExecuteScalarAsync())!;
        Assert.NotEmpty(await node.Store.ReadStreamAsync(PricingItem.SubmissionStreamId(campaign, "item", id)));
        return id;
    }

    /// <summary>The directory rows (OneID or guest) that still name <paramref name="participantId"/>.</summary>
    private static async Task<long> DirectoryRowsOfAsync(string schema, Guid participantId)
    {
        await using var dataSource = TestDatabase.CreateDataSource();
        await using var command = dataSource.CreateCommand(
            $"select (select count(*) from {schema}.participants where participant_id = $1) + (select count(*) from {schema}.guests where participant_id = $1)");
        command.Parameters.AddWithValue(participantId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>How many rows of any table in the schema hold <paramref name="text"/> anywhere in them.</summary>
    internal static async Task<long> RowsHoldingAsync(string schema, string text)
    {
        await using var dataSource = TestDatabase.CreateDataSource();
        var tables = new List<string>();
        await using (var list = dataSource.CreateCommand("select table_name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE'"))
        {
            list.Parameters.AddWithValue(schema);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        long rows = 0;
        foreach (var table in tables)
        {
            // Text and bytea alike: snapshots are bytes, so their text form is searched as hex and as escaped text.
            await using var count = dataSource.CreateCommand(
                $"select count(*) from {schema}.{table} t where strpos(t::text, $1) > 0 or strpos(t::text, encode(convert_to($1, 'UTF8'), 'hex')) > 0");
            count.Parameters.AddWithValue(text);
            rows += (long)(await count.ExecuteScalarAsync())!;
        }
        return rows;
    }
}
