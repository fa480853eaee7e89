using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Testing;

namespace CoCreation.Api.Tests.Contest;

public sealed class EntryVisibilityTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    [Fact]
    public async Task a_pending_or_rejected_entry_and_its_image_are_seen_only_by_admins()
    {
        var url = await app.DefineContestAsync("moderation");
        var entry = await app.SubmitAsync(url, "shy-author", ContestFixtures.Png(1));
        var others = new[] { app.Anonymous(), app.AsParticipant("shy-author"), app.AsParticipant("someone-else"), app.AsHost() };

        foreach (var client in others)
        {
            await (await client.GetAsync($"{url}/entries/{entry}")).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await client.GetAsync($"{url}/entries/{entry}/image")).AssertProblemAsync(HttpStatusCode.NotFound);
        }
        var pending = await (await app.AsAdmin().GetAsync($"{url}/entries/{entry}")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal("pending", pending.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await app.AsAdmin().GetAsync($"{url}/entries/{entry}/image")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await app.ModerateAsync(url, entry, "approve")).StatusCode);
        foreach (var client in others) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{url}/entries/{entry}")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await app.ModerateAsync(url, entry, "reject")).StatusCode);
        foreach (var client in others) await (await client.GetAsync($"{url}/entries/{entry}")).AssertProblemAsync(HttpStatusCode.NotFound);
        var rejected = await (await app.AsAdmin().GetAsync($"{url}/entries/{entry}")).AssertJsonAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.Equal(["submitted", "approved", "rejected"], rejected.GetProperty("history").EnumerateArray().Select(m => m.GetProperty("stage").GetString()));
    }

    [Fact]
    public async Task an_entry_reads_with_its_image_url_size_and_type_and_never_its_author()
    {
        var url = await app.DefineContestAsync("reading");
        var image = TestImages.Jpeg(320, 200);
        var response = await app.AsParticipant("oneid-reader-author").SubmitEntryAsync(url, image, "Night grille", "Dark\nand bold", fileName: "x.png", contentType: "image/png");
        var id = (await response.AssertJsonAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("entryId").GetGuid();
        await app.ModerateAsync(url, id, "approve");

        var text = await (await app.Anonymous().GetAsync($"{url}/entries/{id}")).Content.ReadAsStringAsync();
        var entry = JsonDocument.Parse(text).RootElement;

        Assert.Equal(id, entry.GetProperty("id").GetGuid());
        Assert.Equal(("Night grille", "Dark\nand bold", "approved", "submission"),
            (entry.GetProperty("title").GetString(), entry.GetProperty("description").GetString(), entry.GetProperty("status").GetString(), entry.GetProperty("stage").GetString()));
        Assert.Equal(($"{url}/entries/{id}/image", 320, 200, "image/jpeg"),
            (entry.GetProperty("imageUrl").GetString(), entry.GetProperty("width").GetInt32(), entry.GetProperty("height").GetInt32(), entry.GetProperty("contentType").GetString()));
        Assert.True(entry.TryGetProperty("submittedAt", out _));
        Assert.DoesNotContain("oneid-reader-author", text, StringComparison.Ordinal);
        Assert.DoesNotContain("participant", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task an_approved_image_is_served_with_its_type_hash_etag_immutable_caching_nosniff_and_304_on_a_match()
    {
        var url = await app.DefineContestAsync("caching");
        var image = TestImages.WebPLossless(200, 100);
        var id = await app.SubmitAsync(url, "cached-author", image);
        await app.ModerateAsync(url, id, "approve");
        var sha = Convert.ToHexStringLower(SHA256.HashData(image));

        var response = await app.Anonymous().GetAsync($"{url}/entries/{id}/image");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/webp", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(image, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal($"\"{sha}\"", response.Headers.ETag?.Tag);
        Assert.Equal("public, max-age=31536000, immutable", string.Join(", ", response.Headers.GetValues("Cache-Control")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));

        var conditional = new HttpRequestMessage(HttpMethod.Get, $"{url}/entries/{id}/image");
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{sha}\""));
        var notModified = await app.Anonymous().SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        var stale = new HttpRequestMessage(HttpMethod.Get, $"{url}/entries/{id}/image");
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0000\""));
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().SendAsync(stale)).StatusCode);
    }

    [Fact]
    public async Task a_pending_image_served_to_an_admin_is_not_publicly_cacheable()
    {
        var url = await app.DefineContestAsync("private-image");
        var id = await app.SubmitAsync(url, "private-author", ContestFixtures.Png(5));

        var response = await app.AsAdmin().GetAsync($"{url}/entries/{id}/image");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.Private);
    }

    [Fact]
    public async Task moderation_takes_approve_or_reject_only_and_is_refused_once_the_contest_closed()
    {
        var url = await app.DefineContestAsync("moderation-rules");
        var id = await app.SubmitAsync(url, "rules-author", ContestFixtures.Png(6));

        var unknown = await app.AssertStoresNothingAsync(() => app.ModerateAsync(url, id, "maybe"));
        await app.MoveToAsync(url, "closed");
        var closed = await app.AssertStoresNothingAsync(() => app.ModerateAsync(url, id, "approve"));

        var problem = await unknown.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("decision", out _));
        await closed.AssertProblemAsync(HttpStatusCode.Conflict);
    }
}
