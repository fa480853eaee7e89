using CoCreation.Cli.Infrastructure;

namespace CoCreation.Cli.Tests.Infrastructure;

public sealed class DurationTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 30 * 60)]
    [InlineData("24h", 24 * 3600)]
    [InlineData("7d", 7 * 86400)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData("1500ms", 1.5)]
    [InlineData("00:30:00", 30 * 60)]
    [InlineData("1.00:00:00", 86400)]
    public void people_write_durations_with_units_or_as_a_timespan(string text, double seconds)
    {
        Assert.True(Duration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration.Value);
        Assert.Equal(text, duration.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("h")]
    [InlineData("10")]
    [InlineData("10y")]
    [InlineData("0s")]
    [InlineData("-1h")]
    [InlineData("00:00:00")]
    [InlineData("99999999999d")]
    public void anything_else_is_not_a_duration(string text) => Assert.False(Duration.TryParse(text, out _));
}
