using CoCreation.Voting;

namespace CoCreation.Domain.Tests.Voting;

public sealed class WilsonTests
{
    [Fact]
    public void z_is_the_975th_normal_quantile() => Assert.Equal(1.959963984540054, Wilson.Z95, 12);

    // Reference values worked out apart from this code (Python's statistics.NormalDist and the closed form).
    [Theory]
    [InlineData(0, 10, 0.0, 0.277532800)]
    [InlineData(5, 10, 0.236593091, 0.763406909)]
    [InlineData(10, 10, 0.722467200, 1.0)]
    [InlineData(81, 263, 0.255288520, 0.366209577)]
    public void the_interval_matches_published_values(long successes, long n, double low, double high)
    {
        var (lo, hi) = Wilson.Interval(successes, n);
        Assert.Equal(low, lo, 8);
        Assert.Equal(high, hi, 8);
    }

    [Fact]
    public void with_nobody_nothing_is_known() => Assert.Equal((0.0, 1.0), Wilson.Interval(0, 0));
}
