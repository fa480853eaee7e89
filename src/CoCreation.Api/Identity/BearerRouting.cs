using Microsoft.Net.Http.Headers;

namespace CoCreation.Api.Identity;

/// <summary>Both kinds of caller send <c>Authorization: Bearer …</c>; a JWT is the one with exactly two dots.</summary>
internal static class BearerRouting
{
    public static string SelectScheme(HttpContext context) =>
        TryReadToken(context.Request, out var token) && !LooksLikeJwt(token) ? Schemes.ApiKey : Schemes.OneId;

    public static bool LooksLikeJwt(string token) => token.Count(c => c == '.') == 2;

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
