using System.Buffers.Text;
using System.Text;
using CoCreation.Api.Identity;
using CoCreation.Api.Identity.Guests;
using CoCreation.Api.Tests.Hosting;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Tests.Identity;

/// <summary>Choosing the scheme of a bearer token from its unverified issuer, which every request with a token does.</summary>
public sealed class BearerRoutingTests
{
    [Fact]
    public void a_minted_guest_token_claims_the_guest_issuer_and_a_oneid_token_does_not()
    {
        var auth = new AuthOptions();
        auth.Guests.SigningKey = "bearer-routing-test-guest-key-0123456789";
        var guest = new GuestTokens(Options.Create(auth), TimeProvider.System).Mint("device-0001", "app").Token;

        Assert.True(GuestTokens.ClaimsGuestIssuer(guest));
        Assert.False(GuestTokens.ClaimsGuestIssuer(CoCreationApp.ParticipantToken("oneid-routing")));
    }

    [Theory]
    [InlineData("""{"iss":"cocreation-guest"}""", true)]
    [InlineData("""{"sub":"x","nested":{"iss":"other"},"iss":"cocreation-guest"}""", true)]
    [InlineData("""{"iss":"cocreation\u002dguest"}""", true)]            // escaped, as a JSON writer may
    [InlineData("""{"iss":"cocreation-guest-not"}""", false)]
    [InlineData("""{"nested":{"iss":"cocreation-guest"}}""", false)]    // only the top level counts
    [InlineData("""{"iss":42}""", false)]
    [InlineData("""["iss","cocreation-guest"]""", false)]
    [InlineData("""{"sub":"x" "iss":"cocreation-guest"}""", false)]     // broken before it
    [InlineData("not json", false)]
    public void only_a_top_level_string_iss_naming_the_guest_issuer_routes_to_the_guest_scheme(string payload, bool guest)
    {
        Assert.Equal(guest, GuestTokens.ClaimsGuestIssuer(Jwt(payload)));
    }

    [Fact]
    public void a_payload_larger_than_the_stack_buffer_is_read_too()
    {
        var padding = new string('x', 5_000);
        Assert.True(GuestTokens.ClaimsGuestIssuer(Jwt($$"""{"pad":"{{padding}}","iss":"cocreation-guest"}""")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-dots-at-all")]
    [InlineData("one.dot")]
    [InlineData("a.!!!not-base64!!!.c")]
    [InlineData("..")]
    public void a_token_that_is_not_a_readable_jwt_is_not_a_guests(string token)
    {
        Assert.False(GuestTokens.ClaimsGuestIssuer(token));
    }

    [Theory]
    [InlineData("a.b.c", true)]
    [InlineData("a.b", false)]
    [InlineData("a.b.c.d", false)]
    [InlineData("admin-key-without-dots", false)]
    public void a_jwt_is_a_token_with_exactly_two_dots(string token, bool jwt)
    {
        Assert.Equal(jwt, BearerRouting.LooksLikeJwt(token));
    }

    private static string Jwt(string payload) =>
        $"{Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8)}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload))}.c2ln";
}
