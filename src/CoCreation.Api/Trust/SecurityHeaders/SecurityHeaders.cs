using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CoCreation.Api.Trust.SecurityHeaders;

/// <summary>
/// The headers every response carries, errors included (added as the response starts, after any exception handler
/// has cleared the headers): no sniffing, no referrer, no framing, an opener policy, no powerful browser features, a
/// CSP for anything that does not bring its own, <c>Cache-Control: no-store</c> on the API unless the endpoint sets
/// its own, and HSTS on HTTPS outside Development. Pages set their own CSP; <c>X-Frame-Options</c> follows its
/// <c>frame-ancestors</c>.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next, IOptions<SecurityHeaderOptions> options, IHostEnvironment environment)
{
    /// <summary>For responses that are not pages: nothing may load from them or frame them.</summary>
    public const string DefaultContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    private const string PermissionsPolicy =
        "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    private readonly string _hsts = $"max-age={(long)options.Value.HstsMaxAge.TotalSeconds}";
    private readonly bool _hstsEnabled = !environment.IsDevelopment();

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var (self, http) = ((SecurityHeaders, HttpContext))state;
            self.Apply(http);
            return Task.CompletedTask;
        }, (this, context));
        return next(context);
    }

    private void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.TryAdd(HeaderNames.XContentTypeOptions, "nosniff");
        headers.TryAdd("Referrer-Policy", "no-referrer");
        headers.TryAdd("Cross-Origin-Opener-Policy", "same-origin");
        headers.TryAdd("Permissions-Policy", PermissionsPolicy);
        headers.TryAdd(HeaderNames.ContentSecurityPolicy, DefaultContentSecurityPolicy);
        if (FrameOptionsFor(headers.ContentSecurityPolicy.ToString()) is { } frameOptions) headers.TryAdd(HeaderNames.XFrameOptions, frameOptions);
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            headers.TryAdd(HeaderNames.CacheControl, "no-store");
        }
        if (_hstsEnabled && context.Request.IsHttps && !IsLoopback(context.Request.Host.Host))
        {
            headers.TryAdd(HeaderNames.StrictTransportSecurity, _hsts);
        }
    }

    /// <summary>
    /// The legacy header for the CSP's <c>frame-ancestors</c>: DENY for 'none', SAMEORIGIN for 'self' alone, none for a
    /// list of origins (it cannot say that; browsers that know CSP follow frame-ancestors).
    /// </summary>
    internal static string? FrameOptionsFor(string contentSecurityPolicy)
    {
        var directive = contentSecurityPolicy.Split(';', StringSplitOptions.TrimEntries)
            .FirstOrDefault(d => d.StartsWith("frame-ancestors", StringComparison.OrdinalIgnoreCase));
        return directive?["frame-ancestors".Length..].Trim().ToLower(CultureInfo.InvariantCulture) switch
        {
            null or "'none'" => "DENY",
            "'self'" => "SAMEORIGIN",
            _ => null,
        };
    }

    // As UseHsts: browsers ignore HSTS for loopback names and it would pin a developer's localhost to HTTPS.
    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host is "127.0.0.1" or "[::1]";
}
