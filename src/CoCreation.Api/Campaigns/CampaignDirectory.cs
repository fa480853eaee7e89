using CoCreation.Campaigns;
using CoCreation.Contest;
using CoCreation.EventStore.Projections;
using CoCreation.Pricing;
using CoCreation.Voting;

namespace CoCreation.Api.Campaigns;

/// <summary>A campaign as the public reads see it: one document per campaign, kept by the daemon.</summary>
/// <param name="PricingItems">In definition order; null in documents written before items were projected.</param>
/// <param name="Questions">In definition order; null in documents written before questions were projected.</param>
/// <param name="Contests">In definition order; null in documents written before contests were projected.</param>
public sealed record CampaignView(
    string Id, string Name, string? Description, bool AllowGuests, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<PricingItemView>? PricingItems = null, IReadOnlyList<Question>? Questions = null, IReadOnlyList<ContestView>? Contests = null);

/// <summary>A design contest inside its campaign's document: what a campaign page lists.</summary>
public sealed record ContestView(string Id, string Title, string? Description, string Stage, bool AllowGuests = false);

/// <summary>
/// A pricing item inside its campaign's document: the item's state, whose open flag is worked out when read
/// (it depends on the time).
/// </summary>
public sealed record PricingItemView(
    string Id, string Name, string Currency, long Min, long Max, long Step, string Mode,
    DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt, bool OpenedByHost, bool ClosedByHost, bool WasEverOpened, bool AllowGuests = false)
{
    public static PricingItemView From(PricingItem item) => new(
        item.ItemId, item.Name, item.Currency, item.Min, item.Max, item.Step, item.Mode,
        item.OpensAt, item.ClosesAt, item.OpenedByHost, item.ClosedByHost, item.WasEverOpened, item.AllowGuests);

    public PricingItem ToItem(string campaignId) => new(
        campaignId, Id, Name, Currency, Min, Max, Step, Mode, OpensAt, ClosesAt, OpenedByHost, ClosedByHost, WasEverOpened, AllowGuests);
}

/// <summary>Projects campaign events, and the definitions of their pricing items and questions, into <see cref="CampaignView"/> documents.</summary>
public sealed class CampaignDirectory : DocumentProjection
{
    public const string ProjectionName = "campaigns";

    public CampaignDirectory() : base(ProjectionName)
    {
        On<CampaignDefined>((session, e, recorded, _) =>
        {
            session.Store(e.CampaignId, new CampaignView(e.CampaignId, e.Name, e.Description, e.AllowGuests, recorded.Timestamp, recorded.Timestamp, []));
            return Task.CompletedTask;
        });
        On<CampaignUpdated>(async (session, e, recorded, cancellationToken) =>
        {
            if (await session.LoadAsync<CampaignView>(e.CampaignId, cancellationToken) is { } view)
            {
                session.Store(e.CampaignId, view with { Name = e.Name, Description = e.Description, AllowGuests = e.AllowGuests, UpdatedAt = recorded.Timestamp });
            }
        });
        On<PricingItemDefined>((session, e, ct) => ApplyToItemAsync(session, e.CampaignId, e.ItemId, e, ct));
        On<PricingItemUpdated>((session, e, ct) => ApplyToItemAsync(session, e.CampaignId, e.ItemId, e, ct));
        On<PricingRoundOpened>((session, e, ct) => ApplyToItemAsync(session, e.CampaignId, e.ItemId, e, ct));
        On<PricingRoundClosed>((session, e, ct) => ApplyToItemAsync(session, e.CampaignId, e.ItemId, e, ct));
        On<QuestionDefined>((session, e, ct) => ApplyToQuestionAsync(session, e.CampaignId, e.QuestionId, e, ct));
        On<QuestionUpdated>((session, e, ct) => ApplyToQuestionAsync(session, e.CampaignId, e.QuestionId, e, ct));
        On<QuestionRoundOpened>((session, e, ct) => ApplyToQuestionAsync(session, e.CampaignId, e.QuestionId, e, ct));
        On<QuestionRoundClosed>((session, e, ct) => ApplyToQuestionAsync(session, e.CampaignId, e.QuestionId, e, ct));
        On<ContestDefined>((session, e, ct) => ApplyToContestAsync(session, e.CampaignId, e.ContestId, _ => new ContestView(e.ContestId, e.Title, e.Description, ContestStages.Submission, e.AllowGuests), ct));
        On<ContestUpdated>((session, e, ct) => ApplyToContestAsync(session, e.CampaignId, e.ContestId, c => c is null ? null : c with { Title = e.Title, Description = e.Description, AllowGuests = e.AllowGuests }, ct));
        On<ContestStageChanged>((session, e, ct) => ApplyToContestAsync(session, e.CampaignId, e.ContestId, c => c is null ? null : c with { Stage = e.Stage }, ct));
    }

    private static async Task ApplyToContestAsync(DocumentSession session, string campaignId, string contestId, Func<ContestView?, ContestView?> change, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<CampaignView>(campaignId, cancellationToken) is not { } view) return;
        var contests = (view.Contests ?? []).ToList();
        var index = contests.FindIndex(c => c.Id == contestId);
        if (change(index < 0 ? null : contests[index]) is not { } contest) return;
        if (index < 0) contests.Add(contest);
        else contests[index] = contest;
        session.Store(campaignId, view with { Contests = contests });
    }

    /// <summary>Evolves the item inside its campaign's document by the same fold as its stream.</summary>
    private static async Task ApplyToItemAsync(DocumentSession session, string campaignId, string itemId, object @event, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<CampaignView>(campaignId, cancellationToken) is not { } view) return;
        var items = (view.PricingItems ?? []).ToList();
        var index = items.FindIndex(i => i.Id == itemId);
        if (PricingItem.Evolve(index < 0 ? null : items[index].ToItem(campaignId), @event) is not { } item) return;
        if (index < 0) items.Add(PricingItemView.From(item));
        else items[index] = PricingItemView.From(item);
        session.Store(campaignId, view with { PricingItems = items });
    }

    /// <summary>Evolves the question inside its campaign's document by the same fold as its stream.</summary>
    private static async Task ApplyToQuestionAsync(DocumentSession session, string campaignId, string questionId, object @event, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<CampaignView>(campaignId, cancellationToken) is not { } view) return;
        var questions = (view.Questions ?? []).ToList();
        var index = questions.FindIndex(q => q.QuestionId == questionId);
        if (Question.Evolve(index < 0 ? null : questions[index], @event) is not { } question) return;
        if (index < 0) questions.Add(question);
        else questions[index] = question;
        session.Store(campaignId, view with { Questions = questions });
    }
}
