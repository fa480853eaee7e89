using CoCreation.Api.Contest.SubmittingEntry;
using CoCreation.Api.Errors;
using CoCreation.Api.Pricing.IngestingBatch;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Trust.RequestLimits;

/// <summary>
/// What a request may cost before any endpoint sees it: Kestrel's body size, header and keep-alive timeouts, minimum
/// upload rate and connection counts; the depth of JSON bodies; and the shape of multipart forms (the contest's entry
/// upload is the only form). Bodies beyond a limit are 400 or 413 ProblemDetails; a client too slow is cut off.
/// </summary>
internal static class RequestLimits
{
    /// <summary>The largest body any endpoint accepts (an entry upload); a form may never be longer.</summary>
    private static readonly long LargestBody = Math.Max(SubmitEntryEndpoint.MaxBodyBytes, SubmitBatchEndpoint.MaxBodyBytes);

    public static IServiceCollection AddRequestLimits(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<RequestLimitsOptions>, ValidateRequestLimits>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitsOptions>>((kestrel, options) =>
        {
            var limits = options.Value;
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
            kestrel.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
            kestrel.Limits.KeepAliveTimeout = limits.KeepAliveTimeout;
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(limits.MinRequestBodyBytesPerSecond, limits.MinRequestBodyGracePeriod);
            kestrel.Limits.MaxConcurrentConnections = limits.MaxConcurrentConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = limits.MaxConcurrentUpgradedConnections;
        });
        services.AddOptions<JsonOptions>().Configure<IOptions<RequestLimitsOptions>>((json, limits) =>
            json.SerializerOptions.MaxDepth = limits.Value.MaxJsonDepth);
        services.Configure<FormOptions>(form =>
        {
            // An entry is three fields (title, description, image): a few more are tolerated, not thousands.
            form.ValueCountLimit = 16;
            form.KeyLengthLimit = 64; // url-encoded forms; a multipart part's name is bounded by its headers' length
            form.ValueLengthLimit = 64 * 1024;
            form.MultipartHeadersCountLimit = 8;
            form.MultipartHeadersLengthLimit = 4 * 1024;
            form.MultipartBoundaryLengthLimit = 70;
            form.MultipartBodyLengthLimit = LargestBody;
        });
        return services;
    }

    private sealed class ValidateRequestLimits : IValidateOptions<RequestLimitsOptions>
    {
        public ValidateOptionsResult Validate(string? name, RequestLimitsOptions options)
        {
            var failures = new List<string>();
            if (options.MaxJsonDepth is < 4 or > 64) failures.Add("Limits:MaxJsonDepth must be 4 to 64.");
            if (options.RequestHeadersTimeout <= TimeSpan.Zero) failures.Add("Limits:RequestHeadersTimeout must be positive.");
            if (options.KeepAliveTimeout <= TimeSpan.Zero) failures.Add("Limits:KeepAliveTimeout must be positive.");
            if (options.MinRequestBodyBytesPerSecond <= 0) failures.Add("Limits:MinRequestBodyBytesPerSecond must be positive.");
            // Kestrel checks the rate once a second and refuses a grace period that is not longer.
            if (options.MinRequestBodyGracePeriod <= TimeSpan.FromSeconds(1)) failures.Add("Limits:MinRequestBodyGracePeriod must be longer than 1 second.");
            if (options.MaxConcurrentConnections is < 1) failures.Add("Limits:MaxConcurrentConnections must be positive when set.");
            if (options.MaxConcurrentUpgradedConnections is < 1) failures.Add("Limits:MaxConcurrentUpgradedConnections must be positive when set.");
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
