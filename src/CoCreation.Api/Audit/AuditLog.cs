using CoCreation.Api.Projections;
using CoCreation.Campaigns;
using CoCreation.Contest;
using CoCreation.EventStore;
using CoCreation.EventStore.Projections;
using CoCreation.Live;
using CoCreation.Participants;
using CoCreation.Pricing;
using CoCreation.Suggestions;
using CoCreation.Voting;

namespace CoCreation.Api.Audit;

/// <summary>One admin or host action: the event's position, time, recorded actor, type name and stream.</summary>
public sealed record AuditEntry(long Sequence, DateTimeOffset At, string Actor, string Action, string Target);

/// <summary>
/// Every admin and host action, one document per event, keyed <c>{campaign}/{sequence}</c> (or <c>_/{sequence}</c> for
/// actions on no campaign: erasures, projection rebuilds), so a campaign's audit is a page of its own documents read
/// by sequence, never a scan of the answers in the log. The list of types is the list of staff actions: answers
/// (prices, ballots, suggestions, upvotes, entries, scores) are not in it, including price rows an admin loads for
/// people through the batch endpoint, which are those people's answers.
/// </summary>
public sealed class AuditLog : DocumentProjection
{
    public const string ProjectionName = "audit";

    /// <summary>The id prefix of actions that belong to no campaign (slugs never start with '_').</summary>
    public const string GlobalPrefix = "_/";

    public AuditLog() : base(ProjectionName)
    {
        Audit<CampaignDefined>(e => e.CampaignId);
        Audit<CampaignUpdated>(e => e.CampaignId);
        Audit<PricingItemDefined>(e => e.CampaignId);
        Audit<PricingItemUpdated>(e => e.CampaignId);
        Audit<PricingRoundOpened>(e => e.CampaignId);
        Audit<PricingRoundClosed>(e => e.CampaignId);
        Audit<QuestionDefined>(e => e.CampaignId);
        Audit<QuestionUpdated>(e => e.CampaignId);
        Audit<QuestionRoundOpened>(e => e.CampaignId);
        Audit<QuestionRoundClosed>(e => e.CampaignId);
        Audit<SuggestionApproved>(e => e.CampaignId);
        Audit<SuggestionRejected>(e => e.CampaignId);
        Audit<SuggestionMerged>(e => e.CampaignId);
        Audit<SuggestionUnmerged>(e => e.CampaignId);
        Audit<ContestDefined>(e => e.CampaignId);
        Audit<ContestUpdated>(e => e.CampaignId);
        Audit<ContestStageChanged>(e => e.CampaignId);
        Audit<ContestEntryModerated>(e => e.CampaignId);
        Audit<SceneChanged>(e => e.CampaignId);
        Audit<OverlayTokenIssued>(e => e.CampaignId);
        Audit<OverlayTokenRotated>(e => e.CampaignId);
        Audit<ParticipantErased>(_ => null);
        Audit<ProjectionRebuildRequested>(_ => null);
    }

    /// <summary>The id prefix of a campaign's entries.</summary>
    public static string PrefixOf(string? campaignId) => campaignId is null ? GlobalPrefix : $"{campaignId}/";

    private void Audit<TEvent>(Func<TEvent, string?> campaignOf) where TEvent : notnull =>
        On<TEvent>((session, e, recorded, _) =>
        {
            session.Store($"{PrefixOf(campaignOf(e))}{recorded.Sequence:D19}", Entry(recorded));
            return Task.CompletedTask;
        });

    private static AuditEntry Entry(RecordedEvent recorded) =>
        new(recorded.Sequence, recorded.Timestamp, recorded.Metadata.Actor ?? "unknown", recorded.Type, recorded.StreamId);
}
