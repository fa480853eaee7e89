using CoCreation.Api.Campaigns;
using CoCreation.Api.Contest.Leaderboard;
using CoCreation.EventStore.Projections;

namespace CoCreation.Api.Contest;

/// <summary>Read-your-writes after a change to a contest on this node.</summary>
internal static class ContestWrites
{
    private static readonly TimeSpan ProjectionWait = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Waits (briefly) until this node's board has applied <paramref name="sequence"/>, and the campaign page too when
    /// the change shows there, so a GET right after the response sees it. The write is durable either way.
    /// </summary>
    public static async Task SettleAsync(ProjectionDaemon daemon, long? sequence, bool campaignPage, CancellationToken cancellationToken)
    {
        if (sequence is not { } written) return;
        await daemon.WaitForPositionAsync(ContestBoard.ProjectionName, written, ProjectionWait, cancellationToken);
        if (campaignPage) await daemon.WaitForPositionAsync(CampaignDirectory.ProjectionName, written, ProjectionWait, cancellationToken);
    }
}
