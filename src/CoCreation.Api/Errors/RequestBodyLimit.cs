using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Errors;

/// <summary>How large a request body may be unless the endpoint says otherwise.</summary>
public sealed class RequestLimitsOptions
{
    public const string Section = "Limits";

    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}

/// <summary>
/// Rejects a body whose declared length is over the limit before anything reads it. Kestrel also
/// enforces the limit while streaming (bodies without Content-Length), and routing applies an
/// endpoint's <see cref="IRequestSizeLimitMetadata"/>; this guard gives the same 413 on every
/// server, the in-memory test server included.
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
        return next(context);
    }
}
