namespace CoCreation.OneId;

/// <summary>The channels a person may come through, as carried in the OneID token's <c>chn</c> claim.</summary>
public static class Channels
{
    public static IReadOnlyList<string> All { get; } = ["app", "wechat", "livestream", "dealer", "web"];

    public static string Requirement { get; } = $"The channel must be one of: {string.Join(", ", All)}.";

    public static bool IsKnown(string? channel) => channel is not null && All.Contains(channel, StringComparer.Ordinal);
}
