using Microsoft.Net.Http.Headers;

namespace CoCreation.Api.Identity;

/// <summary>
/// Every kind of caller sends <c>Authorization: Bearer …</c>; a JWT is the one with exactly two dots, and a guest's
/// JWT names the guest issuer (read unverified only to choose the scheme, which then verifies it).
/// </summary>
internal static class BearerRouting
{
    public static string SelectScheme(HttpContext context)
    {
        if (!TryReadToken(context.Request, out var token)) return Schemes.OneId;
        if (!LooksLikeJwt(token)) return Schemes.ApiKey;
        return Guests.GuestTokens.ClaimsGuestIssuer(token) ? Schemes.Guest : Schemes.OneId;
    }

    public static bool LooksLikeJwt(string token) => token.AsSpan().Count('.') == 2;

    public static bool TryReadToken(HttpRequest request, out string token)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string prefix = "Bearer ";
        if (header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && header.Length > prefix.Length)
        {
            token = header[prefix.Length..].Trim();
            return token.Length > 0;
        }
        token = "";
        return false;
    }
}
