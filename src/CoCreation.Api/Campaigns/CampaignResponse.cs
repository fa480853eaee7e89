using CoCreation.Api.Pricing;
using CoCreation.Api.Voting;
using CoCreation.Campaigns;

namespace CoCreation.Api.Campaigns;

/// <summary>A campaign with its pricing items, questions and contests (filled in as those slices land).</summary>
public sealed record CampaignResponse(
    string Id,
    string Name,
    string? Description,
    bool AllowGuests,
    IReadOnlyList<PricingItemResponse> PricingItems,
    IReadOnlyList<QuestionResponse> Questions,
    IReadOnlyList<object> Contests,
    DateTimeOffset? CreatedAt = null,
    DateTimeOffset? UpdatedAt = null)
{
    public static CampaignResponse From(Campaign campaign) =>
        new(campaign.Id, campaign.Name, campaign.Description, campaign.AllowGuests, [], [], []);

    public static CampaignResponse From(CampaignView view, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(view.Id, view.Name, view.Description, view.AllowGuests,
            [.. (view.PricingItems ?? []).Select(i => PricingItemResponse.From(i.ToItem(view.Id), now))],
            [.. (view.Questions ?? []).Select(q => QuestionResponse.From(q, now))], [],
            view.CreatedAt, view.UpdatedAt);
    }
}
