using CoCreation.Api.Campaigns;
using CoCreation.Api.Errors;
using CoCreation.Api.Pricing;
using CoCreation.Api.Trust.RateLimiting;
using CoCreation.Api.Trust.SecurityHeaders;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CoCreation.Api.Live.Pages;

/// <summary>
/// The live layer's pages: <c>/overlay/{c}</c> (OBS browser source), <c>/host/{c}</c> (host console) and
/// <c>/c/{c}</c> (participant page), plain HTML with the app's own scripts and styles from <c>wwwroot</c>.
/// </summary>
public static class LivePages
{
    // Only the app's own files: no inline script or style, no other origin (same-origin ws: and wss: are 'self').
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors ";

    private static readonly PhysicalFileProvider WebRoot = new(Path.Combine(AppContext.BaseDirectory, "wwwroot"));

    /// <summary>
    /// Serves <c>wwwroot</c> from the build output (where MSBuild copies the page code and the npm libraries), so the
    /// pages work the same under <c>dotnet run</c>, in tests and when published, whatever the working directory.
    /// </summary>
    public static WebApplication MapLivePages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseStaticFiles(new StaticFileOptions { FileProvider = WebRoot });

        var pages = app.MapGroup("").WithTags("Pages").ExcludeFromDescription().RequireRateLimit(RateLimitPolicies.PublicReads);
        pages.MapGet("/overlay/{campaignId}", Overlay);
        pages.MapGet("/host/{campaignId}", Host);
        pages.MapGet("/c/{campaignId}", Participant);
        return app;
    }

    /// <summary>GET /overlay/{campaignId}?token=: the OBS browser source.</summary>
    /// <remarks>
    /// OBS shows it as a browser source of its own, not in a frame; a host's web tool may embed it, so who may frame it is
    /// <see cref="SecurityHeaderOptions.OverlayFrameAncestors"/> (default: the app itself). No other page may be framed.
    /// </remarks>
    public static Task<Results<FileStreamHttpResult, ProblemHttpResult>> Overlay(
        string campaignId, HttpContext context, EventStore.EventStore store, IOptions<SecurityHeaderOptions> headers, CancellationToken cancellationToken) =>
        PageAsync(campaignId, "overlay.html", headers.Value.OverlayFrameAncestors, context, store, cancellationToken);

    /// <summary>GET /host/{campaignId}: the host console.</summary>
    public static Task<Results<FileStreamHttpResult, ProblemHttpResult>> Host(
        string campaignId, HttpContext context, EventStore.EventStore store, CancellationToken cancellationToken) =>
        PageAsync(campaignId, "host.html", "'none'", context, store, cancellationToken);

    /// <summary>GET /c/{campaignId}: the participant page.</summary>
    public static Task<Results<FileStreamHttpResult, ProblemHttpResult>> Participant(
        string campaignId, HttpContext context, EventStore.EventStore store, CancellationToken cancellationToken) =>
        PageAsync(campaignId, "participant.html", "'none'", context, store, cancellationToken);

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> PageAsync(
        string campaignId, string file, string frameAncestors, HttpContext context, EventStore.EventStore store, CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(campaignId) || !await CampaignStream.ExistsAsync(store, campaignId, cancellationToken))
        {
            return Problems.NoCampaign(campaignId);
        }
        // The other headers (nosniff, no referrer: the overlay's URL carries its token) come from Trust/SecurityHeaders.
        var headers = context.Response.Headers;
        headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy + frameAncestors;
        // The page is the same for every campaign; it reads the campaign id from its own URL.
        headers[HeaderNames.CacheControl] = "no-cache";
        return TypedResults.Stream(WebRoot.GetFileInfo(file).CreateReadStream(), "text/html; charset=utf-8");
    }
}
