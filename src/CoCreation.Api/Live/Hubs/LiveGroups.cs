namespace CoCreation.Api.Live.Hubs;

/// <summary>
/// Each watched campaign has two SignalR groups and a connection is in exactly one of them: the public one
/// (results only while the scene reveals them) and the results one (overlay token, host or admin key: always).
/// </summary>
internal static class LiveGroups
{
    public static string Public(string campaignId) => $"live:{campaignId}:public";

    public static string Results(string campaignId) => $"live:{campaignId}:results";

    public static string For(string campaignId, bool seesResults) => seesResults ? Results(campaignId) : Public(campaignId);
}
