using System.Net;
using System.Security.Cryptography;
using System.Text;
using CoCreation.Api.Audit;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Api.Tests.Pricing.Exporting;
using CoCreation.EventStore.Projections;
using Microsoft.Extensions.DependencyInjection;

namespace CoCreation.Api.Tests.Audit;

public sealed class AuditTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    // The README's definition of an actor, computed here: the role and the first 12 hex digits of the key's SHA-256.
    private static readonly string Admin = $"admin:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CoCreationApp.AdminKey)))[..12]}";
    private static readonly string Host = $"host:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CoCreationApp.HostKey)))[..12]}";

    [Fact]
    public async Task the_audit_lists_exactly_the_admin_and_host_actions_on_the_campaign_in_order_with_their_actors()
    {
        var c = ExportFixtures.NewCampaign();
        var other = ExportFixtures.NewCampaign();
        var admin = app.AsAdmin();
        var host = app.AsHost();
        await Ok(admin.PutJsonAsync($"/api/campaigns/{c}", """{"name": "Audit"}"""));
        await Ok(admin.PutJsonAsync($"/api/campaigns/{c}", """{"name": "Audit, renamed"}"""));
        await Ok(admin.PutJsonAsync($"/api/campaigns/{c}", """{"name": "Audit, renamed"}"""));
        await Ok(admin.PutJsonAsync($"/api/campaigns/{c}/pricing/item", PricingFixtures.DirectItem));
        await Ok(host.PostAsync($"/api/campaigns/{c}/pricing/item/open", null));
        await Ok(app.AsParticipant("audit-person").SubmitAsync($"/api/campaigns/{c}/pricing/item", """{"price": 150000}"""));
        await Ok(host.PostAsync($"/api/campaigns/{c}/pricing/item/close", null));
        await Ok(admin.PutJsonAsync($"/api/campaigns/{c}/questions/q",
            """{"title": "Which?", "kind": "single", "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}"""));
        await Ok(admin.PutJsonAsync($"/api/campaigns/{c}/contests/k", """{"title": "Design"}"""));
        await Ok(admin.PostJsonAsync($"/api/campaigns/{c}/contests/k/stage", """{"stage": "voting"}"""));
        await Ok(host.PutJsonAsync($"/api/campaigns/{c}/scene", """{"kind": "counter"}"""));
        await Ok(admin.GetAsync($"/api/campaigns/{c}/overlay-token"));
        await Ok(admin.PostAsync($"/api/campaigns/{c}/overlay-token/rotate", null));
        await app.DefineCampaignAsync(other);

        var entries = await AuditAsync(c, "");

        Assert.Equal(
        [
            ("campaign-defined", $"campaign/{c}", Admin),
            ("campaign-updated", $"campaign/{c}", Admin),
            ("pricing-item-defined", $"pricing-item/{c}/item", Admin),
            ("pricing-round-opened", $"pricing-item/{c}/item", Host),
            ("pricing-round-closed", $"pricing-item/{c}/item", Host),
            ("question-defined", $"question/{c}/q", Admin),
            ("contest-defined", $"contest/{c}/k", Admin),
            ("contest-stage-changed", $"contest/{c}/k", Admin),
            ("scene-changed", $"scene/{c}", Host),
            ("overlay-token-issued", $"overlay-token-issued/{c}", Admin),
            ("overlay-token-rotated", $"overlay-token/{c}", Admin),
        ], entries.Select(e => (e.Action, e.Target, e.Actor)));
        Assert.Equal(entries.Select(e => e.Sequence).Order(), entries.Select(e => e.Sequence));
        Assert.All(entries, e => Assert.DoesNotContain(CoCreationApp.AdminKey, e.Actor));
        var logged = await app.Store.ReadStreamAsync($"campaign/{c}");
        Assert.Equal(logged.Select(e => (e.Sequence, e.Timestamp)), entries.Take(2).Select(e => (e.Sequence, e.At)));
    }

    [Fact]
    public async Task the_audit_pages_by_sequence()
    {
        var c = ExportFixtures.NewCampaign();
        await app.DefineItemAsync(c, "item");
        await Ok(app.AsHost().PostAsync($"/api/campaigns/{c}/pricing/item/close", null));
        var all = await AuditAsync(c, "");
        Assert.Equal(4, all.Count);

        var first = await AuditAsync(c, "?limit=2");
        var rest = await AuditAsync(c, $"?after={first[^1].Sequence}&limit=2");

        Assert.Equal(all, [.. first, .. rest]);
        Assert.Empty(await AuditAsync(c, $"?after={all[^1].Sequence}"));
    }

    [Fact]
    public async Task erasures_and_projection_rebuilds_are_in_the_global_audit()
    {
        var head = await app.Store.ReadHeadSequenceAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await app.AsAdmin().DeleteAsync($"/api/participants/audit-erased-{Guid.NewGuid():N}")).StatusCode);
        await app.Services.GetRequiredService<CoCreation.Participants.ParticipantDirectory>().ResolveAsync("audit-erased-x", CancellationToken.None);
        Assert.Equal(HttpStatusCode.NoContent, (await app.AsAdmin().DeleteAsync("/api/participants/audit-erased-x")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.AsAdmin().PostAsync("/api/admin/projections/campaigns/rebuild", null)).StatusCode);

        var entries = await GlobalAuditAsync($"?after={head}");

        Assert.Equal(
            [("participant-erased", Admin), ("projection-rebuild-requested", Admin)],
            entries.Select(e => (e.Action, e.Actor)));
        Assert.StartsWith("erasure/", entries[0].Target);
        Assert.Equal("projection/campaigns", entries[1].Target);
    }

    [Fact]
    public async Task only_admins_read_the_audit()
    {
        var c = ExportFixtures.NewCampaign();
        await app.DefineCampaignAsync(c);

        await (await app.Anonymous().GetAsync($"/api/campaigns/{c}/audit")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await app.AsHost().GetAsync($"/api/campaigns/{c}/audit")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await app.AsParticipant("audit-reader").GetAsync($"/api/campaigns/{c}/audit")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await app.AsHost().GetAsync("/api/audit")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task an_unknown_campaign_or_a_bad_page_is_a_problem()
    {
        var c = ExportFixtures.NewCampaign();
        await app.DefineCampaignAsync(c);

        await (await app.AsAdmin().GetAsync("/api/campaigns/no-such-campaign/audit")).AssertProblemAsync(HttpStatusCode.NotFound);
        var limit = await (await app.AsAdmin().GetAsync($"/api/campaigns/{c}/audit?limit=0")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(limit.GetProperty("errors").TryGetProperty("limit", out _));
        var after = await (await app.AsAdmin().GetAsync($"/api/campaigns/{c}/audit?after=-1")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(after.GetProperty("errors").TryGetProperty("after", out _));
    }

    private async Task<List<AuditEntry>> AuditAsync(string campaignId, string query)
    {
        await CaughtUpAsync();
        return await (await app.AsAdmin().GetAsync($"/api/campaigns/{campaignId}/audit{query}")).AssertJsonAsync<List<AuditEntry>>(HttpStatusCode.OK);
    }

    private async Task<List<AuditEntry>> GlobalAuditAsync(string query)
    {
        await CaughtUpAsync();
        return await (await app.AsAdmin().GetAsync($"/api/audit{query}")).AssertJsonAsync<List<AuditEntry>>(HttpStatusCode.OK);
    }

    private async Task CaughtUpAsync() =>
        Assert.True(await app.Services.GetRequiredService<ProjectionDaemon>()
            .WaitForPositionAsync(AuditLog.ProjectionName, await app.Store.ReadHeadSequenceAsync(), Wait));

    private static async Task Ok(Task<HttpResponseMessage> sending)
    {
        var response = await sending;
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
