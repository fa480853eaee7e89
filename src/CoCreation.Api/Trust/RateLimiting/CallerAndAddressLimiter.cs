using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using CoCreation.Api.Identity;

namespace CoCreation.Api.Trust.RateLimiting;

/// <summary>
/// The global limiter: for an endpoint in a <see cref="RateLimitPolicies">policy</see>, a token from the client address's
/// bucket and one from the caller's (the actor: a OneID, a guest, an admin or host key; anonymous requests have only
/// the address). A refusal costs nobody else: the address's token is given back when the caller's bucket refuses, so a
/// caller over their own limit takes nothing from the neighbours behind the same NAT, and a saturated address takes
/// nothing from its callers. Nothing queues: a request is admitted or refused at once, with the wait in the lease.
/// </summary>
internal sealed class CallerAndAddressLimiter : PartitionedRateLimiter<HttpContext>
{
    private readonly Dictionary<string, (TokenBuckets<string> Callers, TokenBuckets<UInt128> Addresses)> _policies;

    public CallerAndAddressLimiter(RateLimitsOptions settings, TimeProvider time)
    {
        _policies = settings.Policies.ToDictionary(
            p => p.Key,
            p => (new TokenBuckets<string>(time, p.Value.ParticipantBurst, p.Value.PermitsPerParticipant, p.Value.ReplenishmentPeriod),
                new TokenBuckets<UInt128>(time, p.Value.IpBurst, p.Value.PermitsPerIp, p.Value.ReplenishmentPeriod)),
            StringComparer.OrdinalIgnoreCase);
    }

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        if (resource.GetEndpoint()?.Metadata.GetMetadata<RateLimitPolicyMetadata>()?.Policy is not { } policy
            || !_policies.TryGetValue(policy, out var buckets))
        {
            return Admitted.Instance;
        }
        var address = AddressKey(resource.Connection.RemoteIpAddress);
        if (!buckets.Addresses.TryTake(address, out var wait)) return new Refused(wait);
        if (Actor.From(resource.User) is { } actor && !buckets.Callers.TryTake(actor.Value, out wait))
        {
            buckets.Addresses.Return(address);
            return new Refused(wait);
        }
        return Admitted.Instance;
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));

    /// <summary>
    /// The address bucket a client falls in, as a number (no string per request): IPv4 by address (as its IPv4-mapped
    /// IPv6 form), IPv6 by its /64 (what one subscriber gets); requests without an address share one bucket.
    /// </summary>
    internal static UInt128 AddressKey(IPAddress? address)
    {
        if (address is null) return UInt128.MaxValue;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(bytes[12..], out _);
            bytes[10] = bytes[11] = 0xff;
            return System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes);
        }
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    private sealed class Admitted : RateLimitLease
    {
        public static readonly Admitted Instance = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }

    private sealed class Refused(TimeSpan retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
