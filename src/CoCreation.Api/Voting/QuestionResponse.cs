using CoCreation.Voting;

namespace CoCreation.Api.Voting;

/// <summary>A question as clients read it, with whether its round takes ballots now.</summary>
public sealed record QuestionResponse(
    string Id, string CampaignId, string Title, string Kind, IReadOnlyList<QuestionOption> Options, int? MaxChoices, int? Budget,
    DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt, bool IsOpen, bool AllowGuests, bool AllowGuestSuggestions)
{
    public static QuestionResponse From(Question question, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(question);
        return new(question.QuestionId, question.CampaignId, question.Title, question.Kind, question.Options, question.MaxChoices, question.Budget,
            question.OpensAt, question.ClosesAt, question.IsOpen(now), question.AllowGuests, question.AllowGuestSuggestions);
    }
}
