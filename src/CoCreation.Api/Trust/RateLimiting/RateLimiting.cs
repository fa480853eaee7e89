using System.Globalization;
using System.Threading.RateLimiting;
using CoCreation.Api.Errors;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Trust.RateLimiting;

/// <summary>
/// Rate limits per caller and per client address, in memory on each node. Each request of an endpoint in a
/// <see cref="RateLimitPolicies">policy</see> takes a token from its client address's bucket and one from its caller's
/// (the actor: a OneID, a guest, an admin or host key; none for anonymous requests); an empty bucket is 429 with
/// <c>Retry-After</c>. The buckets refill lazily from the clock (<see cref="TokenBuckets{TKey}"/>). A refused request spends no token (see <see cref="CallerAndAddressLimiter"/>), so a
/// caller over their limit does not drain the address that others behind the same NAT share.
/// </summary>
internal static class RateLimiting
{
    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitsOptions>().ValidateOnStart();
        services.AddSingleton<IConfigureOptions<RateLimitsOptions>, ConfigureRateLimits>();
        services.AddSingleton<IValidateOptions<RateLimitsOptions>, ValidateRateLimits>();
        services.AddRateLimiter(_ => { });
        services.AddSingleton<IConfigureOptions<RateLimiterOptions>, ConfigureRateLimiter>();
        return services;
    }

    private sealed class ConfigureRateLimiter(IOptions<RateLimitsOptions> limits, TimeProvider time) : IConfigureOptions<RateLimiterOptions>
    {
        public void Configure(RateLimiterOptions options)
        {
            var settings = limits.Value;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) => RejectAsync(context, settings);
            if (!settings.Enabled) return;

            options.GlobalLimiter = new CallerAndAddressLimiter(settings, time);
        }
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, RateLimitsOptions settings)
    {
        var http = context.HttpContext;
        var policy = http.GetEndpoint()?.Metadata.GetMetadata<RateLimitPolicyMetadata>()?.Policy ?? "this endpoint";
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? wait
            : settings.Policies.TryGetValue(policy, out var limits) ? limits.ReplenishmentPeriod : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.WriteProblemAsync(StatusCodes.Status429TooManyRequests,
            $"Too many requests in the '{policy}' group from this caller or client address; retry after {seconds} s.", "Too many requests");
    }
}
