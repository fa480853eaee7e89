using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using CoCreation.Api.Errors;
using CoCreation.Api.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Trust.RateLimiting;

/// <summary>
/// Rate limits per caller and per client address, in memory on each node. Each request of an endpoint in a
/// <see cref="RateLimitPolicies">policy</see> takes a token from its caller's bucket (the actor: a OneID, a guest, an
/// admin or host key; none for anonymous requests) and then from its client address's bucket; an empty bucket is
/// 429 with <c>Retry-After</c>. A refused request spends no token (see <see cref="CallerAndAddressLimiter"/>), so a
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

    /// <summary>The address bucket a client falls in: IPv4 by address, IPv6 by its /64 (what one subscriber gets).</summary>
    internal static string AddressKey(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return $"{new IPAddress(bytes)}/64";
    }

    private sealed class ConfigureRateLimiter(IOptions<RateLimitsOptions> limits) : IConfigureOptions<RateLimiterOptions>
    {
        public void Configure(RateLimiterOptions options)
        {
            var settings = limits.Value;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) => RejectAsync(context, settings);
            if (!settings.Enabled) return;

            options.GlobalLimiter = new CallerAndAddressLimiter(
                PartitionedRateLimiter.Create<HttpContext, PartitionKey>(context =>
                    PolicyOf(context) is { } policy && Actor.From(context.User) is { } actor
                        ? Bucket(new PartitionKey(policy, actor.Value), settings.Policies[policy], perIp: false)
                        : RateLimitPartition.GetNoLimiter(PartitionKey.None)),
                PartitionedRateLimiter.Create<HttpContext, PartitionKey>(context =>
                    PolicyOf(context) is { } policy
                        ? Bucket(new PartitionKey(policy, AddressKey(context.Connection.RemoteIpAddress)), settings.Policies[policy], perIp: true)
                        : RateLimitPartition.GetNoLimiter(PartitionKey.None)));
        }

        private static string? PolicyOf(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<RateLimitPolicyMetadata>()?.Policy;

        // The partitioned limiter replenishes its buckets on its own 100 ms timer (no timer per bucket) and drops a bucket
        // that has stayed full for 10 s, so memory follows the callers active in the last seconds, not all callers ever seen.
        private static RateLimitPartition<PartitionKey> Bucket(PartitionKey key, RateLimitPolicyOptions policy, bool perIp) =>
            RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = perIp ? policy.IpBurst : policy.ParticipantBurst,
                TokensPerPeriod = perIp ? policy.PermitsPerIp : policy.PermitsPerParticipant,
                ReplenishmentPeriod = policy.ReplenishmentPeriod,
                QueueLimit = 0,
                AutoReplenishment = false,
            });
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

    /// <summary>A bucket: the policy and whom it counts (an actor or a client address).</summary>
    private readonly record struct PartitionKey(string Policy, string Caller)
    {
        public static PartitionKey None { get; } = new(string.Empty, string.Empty);
    }
}
