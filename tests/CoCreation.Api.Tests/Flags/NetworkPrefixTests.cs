using System.Net;
using CoCreation.Api.Flags;

namespace CoCreation.Api.Tests.Flags;

public sealed class NetworkPrefixTests
{
    [Theory]
    [InlineData("203.0.113.77", "203.0.113.0/24")]
    [InlineData("203.0.113.0", "203.0.113.0/24")]
    [InlineData("::ffff:198.51.100.23", "198.51.100.0/24")]
    [InlineData("2001:db8:abcd:12::99", "2001:db8:abcd::/48")]
    [InlineData("2001:db8:abcd:ffff:1:2:3:4", "2001:db8:abcd::/48")]
    [InlineData("::1", "::/48")]
    public void an_address_belongs_to_its_24_or_48(string address, string prefix) =>
        Assert.Equal(prefix, NetworkPseudonyms.Prefix(IPAddress.Parse(address)));
}
