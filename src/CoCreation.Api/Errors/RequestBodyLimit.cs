using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Errors;

/// <summary>
/// The <c>Limits</c> section: how large a request body may be unless the endpoint says otherwise, how deep its JSON,
/// and how slow or idle a client may be before Kestrel lets it go (applied in <c>Trust/RequestLimits</c>).
/// </summary>
public sealed class RequestLimitsOptions
{
    public const string Section = "Limits";

    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Nesting of a JSON body; no request of the contract needs more than 4.</summary>
    public int MaxJsonDepth { get; set; } = 16;

    /// <summary>Time for a client to send all request headers.</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time an idle keep-alive connection stays open.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Slowest accepted upload, averaged, once <see cref="MinRequestBodyGracePeriod"/> has passed.</summary>
    public double MinRequestBodyBytesPerSecond { get; set; } = 1024;

    public TimeSpan MinRequestBodyGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Open connections per node (none: unbounded); upgraded (WebSocket) connections count separately.</summary>
    public long? MaxConcurrentConnections { get; set; }

    public long? MaxConcurrentUpgradedConnections { get; set; }
}

/// <summary>
/// Applies the body-size limit: <see cref="RequestLimitsOptions"/>, or an endpoint's own
/// <see cref="IRequestSizeLimitMetadata"/> (e.g. <c>.WithMetadata(new RequestSizeLimitAttribute(10_000_000))</c>
/// for image uploads). A declared length over the limit is refused before anything reads the body,
/// the same way on every server, the in-memory test server included; a streamed body is cut off
/// by the server when it passes the limit (Kestrel answers 413 through the exception handler).
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next, IOptions<RequestLimitsOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } metadata
            ? metadata.MaxRequestBodySize
            : options.Value.MaxRequestBodyBytes;

        if (context.Request.ContentLength is { } length && length > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return context.WriteProblemAsync(StatusCodes.Status413PayloadTooLarge,
                $"The request body is {length} bytes; this endpoint accepts at most {limit} bytes.", "Request body too large");
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
        return next(context);
    }
}
