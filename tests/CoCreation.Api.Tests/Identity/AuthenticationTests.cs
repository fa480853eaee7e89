using System.Net;
using System.Text.Json;
using CoCreation.Api.Identity;
using CoCreation.Api.Tests.Hosting;

namespace CoCreation.Api.Tests.Identity;

public sealed class AuthenticationTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    // An invalid body: a request that gets past authorization answers 400, one that does not, 401/403.
    private const string AdminOnly = "/api/campaigns/auth-check";
    private const string InvalidBody = """{"name": ""}""";

    [Fact]
    public async Task a_request_without_a_token_is_401_with_a_problem()
    {
        var response = await app.Anonymous().PutJsonAsync(AdminOnly, InvalidBody);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_token_signed_with_another_key_is_401()
    {
        var token = CoCreationApp.CustomToken(new Dictionary<string, object> { ["sub"] = "p1", ["chn"] = "app" },
            signingKey: "another-signing-key-of-at-least-32-bytes!!");

        var problem = await (await app.WithBearer(token).GetAsync("/api/identity/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("signature", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_expired_token_is_401()
    {
        var token = CoCreationApp.ParticipantToken("p1", lifetime: TimeSpan.FromMinutes(5), issuedAt: DateTimeOffset.UtcNow.AddHours(-1));

        var problem = await (await app.WithBearer(token).GetAsync("/api/identity/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("expired", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_token_from_another_issuer_is_401()
    {
        var token = CoCreationApp.CustomToken(new Dictionary<string, object> { ["sub"] = "p1", ["chn"] = "app" }, issuer: "https://evil.example");

        var problem = await (await app.WithBearer(token).GetAsync("/api/identity/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("issuer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tiktok")]
    [InlineData("APP")]
    [InlineData(null)]
    public async Task a_token_without_a_known_channel_is_401(string? channel)
    {
        var claims = new Dictionary<string, object> { ["sub"] = "p1" };
        if (channel is not null) claims["chn"] = channel;

        var problem = await (await app.WithBearer(CoCreationApp.CustomToken(claims)).GetAsync("/api/identity/me"))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("chn", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_token_without_a_subject_is_401()
    {
        var token = CoCreationApp.CustomToken(new Dictionary<string, object> { ["chn"] = "app" });

        await (await app.WithBearer(token).GetAsync("/api/identity/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task an_unsigned_token_is_401()
    {
        // {"alg":"none"} . {"sub":"p1","chn":"app","iss":"https://oneid.test","exp":4102444800} . (no signature)
        var header = Base64Url("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64Url($$"""{"sub":"p1","chn":"app","iss":"{{CoCreationApp.Issuer}}","exp":4102444800}""");

        var response = await app.WithBearer($"{header}.{payload}.").GetAsync("/api/identity/me");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static string Base64Url(string json) => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(json);

    [Fact]
    public async Task an_unknown_key_is_401()
    {
        var response = await app.WithBearer("not-a-configured-key-at-all").PutJsonAsync(AdminOnly, InvalidBody);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task a_participant_on_an_admin_endpoint_is_403_with_a_problem()
    {
        var response = await app.AsParticipant("p1").PutJsonAsync(AdminOnly, InvalidBody);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "Forbidden");
    }

    [Fact]
    public async Task a_participant_token_claiming_the_admin_role_is_still_403()
    {
        var token = CoCreationApp.CustomToken(new Dictionary<string, object> { ["sub"] = "p1", ["chn"] = "app", ["role"] = "admin" });

        var response = await app.WithBearer(token).PutJsonAsync(AdminOnly, InvalidBody);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task a_host_on_an_admin_only_endpoint_is_403()
    {
        var response = await app.AsHost().PutJsonAsync(AdminOnly, InvalidBody);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task an_admin_gets_past_authorization()
    {
        var response = await app.AsAdmin().PutJsonAsync(AdminOnly, InvalidBody);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task a_participant_is_known_by_their_oneid_and_channel()
    {
        var caller = await (await app.AsParticipant("person-42", "wechat").GetAsync("/api/identity/me"))
            .AssertJsonAsync<JsonElement>(HttpStatusCode.OK);

        Assert.Equal("oneid:person-42", caller.GetProperty("actor").GetString());
        Assert.Equal("participant", caller.GetProperty("role").GetString());
        Assert.Equal("person-42", caller.GetProperty("oneId").GetString());
        Assert.Equal("wechat", caller.GetProperty("channel").GetString());
    }

    [Fact]
    public async Task an_admin_is_known_by_a_fingerprint_never_by_the_key()
    {
        var response = await app.AsAdmin().GetAsync("/api/identity/me");
        var body = await response.Content.ReadAsStringAsync();
        var caller = await response.AssertJsonAsync<JsonElement>(HttpStatusCode.OK);

        Assert.Equal($"admin:{ApiKeys.Fingerprint(CoCreationApp.AdminKey)}", caller.GetProperty("actor").GetString());
        Assert.Equal("admin", caller.GetProperty("role").GetString());
        Assert.DoesNotContain(CoCreationApp.AdminKey, body, StringComparison.Ordinal);
    }
}
