using System.Diagnostics;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.WebUtilities;

namespace CoCreation.Api.Errors;

/// <summary>
/// One way to fail: every error body is RFC 9457 ProblemDetails, whether it comes from an
/// exception, a bare status code (404, 405), the body-size guard or the authentication handlers.
/// </summary>
public static class ErrorHandling
{
    public static IServiceCollection AddErrorHandling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
            // ASP.NET Core knows no type for 429; the contract wants one on every problem.
            if (context.ProblemDetails.Status == StatusCodes.Status429TooManyRequests)
            {
                context.ProblemDetails.Type ??= "https://tools.ietf.org/html/rfc6585#section-4";
            }
        });
        services.AddExceptionHandler<ApiExceptionHandler>();

        // Minimal APIs answer a malformed body with an empty 400 unless asked to throw; the
        // exception handler then turns it into a ProblemDetails with the parser's explanation.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        // Bodies mean one thing only: a number is a JSON number (not "150000", "NaN" or "Infinity", which the web
        // defaults read from strings), and a key appears once (with duplicates, which one counted would depend on the
        // parser, so a fingerprint or a check could see another value than the one stored).
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            options.SerializerOptions.AllowDuplicateProperties = false;
        });

        services.AddOptions<RequestLimitsOptions>().Bind(configuration.GetSection(RequestLimitsOptions.Section))
            .Validate(o => o.MaxRequestBodyBytes > 0, "Limits:MaxRequestBodyBytes must be positive.")
            .ValidateOnStart();
        return services;
    }

    public static IApplicationBuilder UseErrorHandling(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(context => context.HttpContext.WriteProblemAsync(
            context.HttpContext.Response.StatusCode, DescribeStatus(context.HttpContext)));
        return app.UseMiddleware<RequestBodyLimit>().UseMiddleware<JsonCharset>();
    }

    private static string DescribeStatus(HttpContext context) => context.Response.StatusCode switch
    {
        StatusCodes.Status404NotFound => $"Nothing is served at {context.Request.Path}.",
        StatusCodes.Status405MethodNotAllowed => $"{context.Request.Path} does not accept {context.Request.Method}.",
        StatusCodes.Status413PayloadTooLarge => "The request body is larger than this endpoint accepts.",
        var status => ReasonPhrases.GetReasonPhrase(status),
    };

    /// <summary>Writes a ProblemDetails response through the registered problem-details service.</summary>
    public static Task WriteProblemAsync(this HttpContext context, int status, string detail, string? title = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title).ExecuteAsync(context);
}
