namespace CoCreation.Voting;

/// <summary>One answer option of a question: a slug id ballots name, and the label people read.</summary>
public sealed record QuestionOption(string Id, string Label);

/// <summary>
/// A product-definition question was set up (stream <see cref="Question.StreamId"/>). <paramref name="AllowGuests"/>: guests
/// may vote; <paramref name="AllowGuestSuggestions"/>: guests may suggest and upvote; each only when the campaign allows
/// guests too (absent in events written before guests: false).
/// </summary>
public sealed record QuestionDefined(
    string CampaignId, string QuestionId, string Title, string Kind, IReadOnlyList<QuestionOption> Options, int? MaxChoices, int? Budget,
    DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt, string Actor, bool AllowGuests = false, bool AllowGuestSuggestions = false);

/// <summary>A question's settings changed; its kind, option ids, maxChoices and budget only while voting never began.</summary>
public sealed record QuestionUpdated(
    string CampaignId, string QuestionId, string Title, string Kind, IReadOnlyList<QuestionOption> Options, int? MaxChoices, int? Budget,
    DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt, string Actor, bool AllowGuests = false, bool AllowGuestSuggestions = false);

/// <summary>A host or admin opened the question's round (reopening it if it was closed).</summary>
public sealed record QuestionRoundOpened(string CampaignId, string QuestionId, string Actor);

/// <summary>A host or admin closed the question's round.</summary>
public sealed record QuestionRoundClosed(string CampaignId, string QuestionId, string Actor);

/// <summary>
/// What a ballot gives one option: 1 for a choice (single, multi), the score 1..5 (score), or the points, more than 0 (points).
/// </summary>
public sealed record BallotMark(string OptionId, int Value);

/// <summary>
/// A person's ballot on a question (stream <see cref="Question.BallotStreamId"/>), as marks in option-id order; it
/// replaces that person's previous ballot. The person is a participant id, never the OneID. <paramref name="DwellMs"/>
/// and <paramref name="Network"/> are the abuse signals (<see cref="Flags.AnswerSignals"/>), optional trailing fields:
/// ballots stored before them read with both null.
/// </summary>
public sealed record BallotCast(
    string CampaignId, string QuestionId, Guid ParticipantId, string Channel, IReadOnlyList<BallotMark> Marks, string? Region, string? AgeBand,
    int? DwellMs = null, string? Network = null);
