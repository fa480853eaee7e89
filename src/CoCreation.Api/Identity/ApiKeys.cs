using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Identity;

/// <summary>
/// The configured admin and host keys, held only as SHA-256 digests. Matching compares digests in
/// constant time and always walks every key, so timing says nothing about how close a guess was.
/// </summary>
internal sealed class ApiKeys(IOptions<AuthOptions> options)
{
    public const int MinimumLength = 16;

    private readonly (byte[] Digest, string Role)[] _keys =
    [
        .. options.Value.AdminKeys.Select(k => (Digest(k), Roles.Admin)),
        .. options.Value.HostKeys.Select(k => (Digest(k), Roles.Host)),
    ];

    /// <summary>The role of <paramref name="presented"/> (admin wins over host), or null.</summary>
    public string? Match(string presented)
    {
        var digest = Digest(presented);
        string? role = null;
        foreach (var key in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, key.Digest) && role != Roles.Admin)
            {
                role = key.Role;
            }
        }
        return role;
    }

    /// <summary>A short, stable, non-reversible name for a key, safe to log and to store in events.</summary>
    public static string Fingerprint(string key) => Convert.ToHexStringLower(Digest(key), 0, 6);

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
