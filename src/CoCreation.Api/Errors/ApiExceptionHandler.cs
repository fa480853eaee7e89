using System.Globalization;
using System.Text.Json;
using CoCreation.EventStore;
using Microsoft.AspNetCore.Diagnostics;

namespace CoCreation.Api.Errors;

/// <summary>Maps every exception that escapes an endpoint to its status code, in one place.</summary>
internal sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail, retryAfter) = exception switch
        {
            ConcurrencyException => (StatusCodes.Status409Conflict, "Conflict",
                "Someone else changed this resource at the same time; read it again and retry.", (TimeSpan?)null),
            IdempotencyKeyReusedException e => (StatusCodes.Status422UnprocessableEntity, "Idempotency key reused", e.Message, null),
            InvalidEventException => (StatusCodes.Status400BadRequest, "Bad request",
                "The request holds a value the store cannot keep (for example a NUL character).", null),
            EventStoreBusyException e => (StatusCodes.Status503ServiceUnavailable, "Busy", e.Message, e.RetryAfter),
            EventStoreUnavailableException e => (StatusCodes.Status503ServiceUnavailable, "Database unavailable", e.Message, e.RetryAfter),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge,
                "Request body too large", "The request body is larger than this endpoint accepts.", null),
            BadHttpRequestException e => (e.StatusCode, "Bad request", Describe(e), null),
            // The form reader's limits (field count, key and value length, multipart headers): see Trust/RequestLimits.
            InvalidDataException e when httpContext.Request.HasFormContentType => (StatusCodes.Status400BadRequest, "Bad request",
                $"The form is malformed or over a limit: {e.Message}", null),
            _ => (StatusCodes.Status500InternalServerError, "Internal server error",
                "The server failed to handle the request; nothing is known to have been written.", null),
        };

        if (status >= StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "Request {Method} {Path} failed with {Status}", httpContext.Request.Method, httpContext.Request.Path, status);
        }
        if (retryAfter is { } wait)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        httpContext.Response.StatusCode = status;
        await httpContext.WriteProblemAsync(status, detail, title);
        return true;
    }

    /// <summary>Says where the body went wrong without naming the server's types.</summary>
    private static string Describe(BadHttpRequestException e) => e.InnerException switch
    {
        JsonException { Path: { } path } json =>
            $"The request body is not valid here: the JSON at '{path}' is malformed or of the wrong type (line {json.LineNumber + 1}, byte {json.BytePositionInLine}).",
        JsonException => "The request body is not valid JSON.",
        _ => e.Message,
    };
}
