using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using CoCreation.Api.Pricing.Exporting;
using CoCreation.Flags;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Flags;

/// <summary>
/// The network an answer came from, as a keyed pseudonym: HMAC-SHA256 under <c>Pseudonym:Key</c> of
/// <c>network:</c> and the prefix's text (<c>203.0.113.0/24</c>, <c>2001:db8:1::/48</c>), the first 32 hex digits.
/// The address itself is never kept. A /24 or /48 is what one household, office or mobile-carrier pool shares, so
/// many accounts behind one bot farm fall into one pseudonym while strangers rarely do.
/// </summary>
/// <remarks>
/// Whoever holds the key can recover the prefix by trying all 2^24 IPv4 networks; the key guards exports as well, so
/// it must stay with the operators. Rotating it changes every pseudonym: a burst straddling a rotation is not seen.
/// </remarks>
public sealed class NetworkPseudonyms(IOptions<PseudonymOptions> options)
{
    public const int Ipv4PrefixBits = 24;
    public const int Ipv6PrefixBits = 48;

    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.Key);

    /// <summary>The pseudonym of <paramref name="address"/>'s network, or null without an address.</summary>
    public string? Of(IPAddress? address)
    {
        if (address is null) return null;
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"network:{Prefix(address)}"), hash);
        return Convert.ToHexStringLower(hash[..(Pseudonyms.HexLength / 2)]);
    }

    /// <summary>The signals of a participant's own request: their dwell and the connection's network.</summary>
    public AnswerSignals Of(HttpContext context, long? dwellMs)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new AnswerSignals((int?)dwellMs, Of(context.Connection.RemoteIpAddress));
    }

    /// <summary><c>a.b.c.0/24</c> or the first 48 bits of an IPv6 address <c>/48</c>; IPv4 mapped into IPv6 counts as IPv4.</summary>
    public static string Prefix(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var bytes = address.GetAddressBytes();
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? Ipv4PrefixBits : Ipv6PrefixBits;
        Array.Clear(bytes, bits / 8, bytes.Length - bits / 8);
        return string.Create(CultureInfo.InvariantCulture, $"{new IPAddress(bytes)}/{bits}");
    }
}
