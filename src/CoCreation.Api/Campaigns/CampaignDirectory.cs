using CoCreation.Campaigns;
using CoCreation.EventStore.Projections;

namespace CoCreation.Api.Campaigns;

/// <summary>A campaign as the public reads see it: one document per campaign, kept by the daemon.</summary>
public sealed record CampaignView(string Id, string Name, string? Description, bool AllowGuests, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Projects campaign events into <see cref="CampaignView"/> documents.</summary>
public sealed class CampaignDirectory : DocumentProjection
{
    public const string ProjectionName = "campaigns";

    public CampaignDirectory() : base(ProjectionName)
    {
        On<CampaignDefined>((session, e, recorded, _) =>
        {
            session.Store(e.CampaignId, new CampaignView(e.CampaignId, e.Name, e.Description, e.AllowGuests, recorded.Timestamp, recorded.Timestamp));
            return Task.CompletedTask;
        });
        On<CampaignUpdated>(async (session, e, recorded, cancellationToken) =>
        {
            if (await session.LoadAsync<CampaignView>(e.CampaignId, cancellationToken) is { } view)
            {
                session.Store(e.CampaignId, view with { Name = e.Name, Description = e.Description, AllowGuests = e.AllowGuests, UpdatedAt = recorded.Timestamp });
            }
        });
    }
}
