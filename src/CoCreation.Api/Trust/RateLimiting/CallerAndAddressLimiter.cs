using System.Threading.RateLimiting;

namespace CoCreation.Api.Trust.RateLimiting;

/// <summary>
/// A request's caller bucket and its address bucket as one limiter, spent so that a refusal costs nobody else: a
/// request from a saturated address takes nothing from its caller, and a caller over their own limit takes nothing
/// from the address their neighbours share. (<see cref="PartitionedRateLimiter.CreateChained{TResource}"/> takes the first
/// bucket's token before it knows the second refuses, and the middleware's retry after a refusal takes it again.)
/// Nothing queues: a request is admitted or refused at once.
/// </summary>
internal sealed class CallerAndAddressLimiter(PartitionedRateLimiter<HttpContext> callers, PartitionedRateLimiter<HttpContext> addresses)
    : PartitionedRateLimiter<HttpContext>
{
    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => addresses.GetStatistics(resource);

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        if (addresses.GetStatistics(resource) is { } address && address.CurrentAvailablePermits < permitCount)
        {
            return addresses.AttemptAcquire(resource, permitCount);
        }
        var caller = callers.AttemptAcquire(resource, permitCount);
        if (!caller.IsAcquired) return caller;
        var shared = addresses.AttemptAcquire(resource, permitCount);
        if (shared.IsAcquired) return new BothLeases(caller, shared);
        caller.Dispose();
        return shared;
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));

    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        callers.Dispose();
        addresses.Dispose();
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await callers.DisposeAsync();
        await addresses.DisposeAsync();
    }

    private sealed class BothLeases(RateLimitLease caller, RateLimitLease address) : RateLimitLease
    {
        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (!disposing) return;
            address.Dispose();
            caller.Dispose();
        }
    }
}
