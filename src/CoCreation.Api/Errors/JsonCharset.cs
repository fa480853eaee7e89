using Microsoft.Net.Http.Headers;

namespace CoCreation.Api.Errors;

/// <summary>
/// JSON bodies are UTF-8 (RFC 8259): a JSON request declaring another charset is refused with 415 before an endpoint
/// reads it. Minimal APIs would transcode a known charset and throw on an unknown one, which was a 500.
/// </summary>
internal sealed class JsonCharset(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || type.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
            && type.Charset is { Length: > 0 } charset
            && !(charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return context.WriteProblemAsync(StatusCodes.Status415UnsupportedMediaType,
                $"JSON bodies are UTF-8; this one declares charset={charset}.", "Unsupported Media Type");
        }
        return next(context);
    }
}
