using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CoCreation.Api.Live.Scenes;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Live.OverlayTokens;

/// <summary>
/// A campaign's read-only overlay token: HMAC-SHA256 under <see cref="LiveOptions.OverlayTokenKey"/> of the campaign id
/// and its rotation generation (kept in <c>OverlayTokenRotated</c> events), base64url. Nothing is stored: every node
/// holding the key and the generation (from <see cref="LiveScenes"/>) recomputes and compares it.
/// </summary>
public sealed class OverlayTokenSigner(IOptions<LiveOptions> options, LiveScenes scenes)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.OverlayTokenKey);

    public string For(string campaignId, int generation) => Base64Url.EncodeToString(Mac(campaignId, generation));

    /// <summary>Whether <paramref name="token"/> is the campaign's current token, compared in constant time.</summary>
    public bool IsCurrent(string campaignId, string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(For(campaignId, scenes.OverlayGenerationOf(campaignId))), Encoding.ASCII.GetBytes(token));

    private byte[] Mac(string campaignId, int generation) =>
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"overlay\n{campaignId}\n{generation.ToString(CultureInfo.InvariantCulture)}"));
}
