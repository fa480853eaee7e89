namespace CoCreation.Contest;

/// <summary>
/// An admin set up a design contest (stream <see cref="DesignContest.StreamId"/>); it starts in the submission stage.
/// <paramref name="AllowGuests"/>: guests may submit entries and score them, when the campaign allows guests too.
/// </summary>
public sealed record ContestDefined(string CampaignId, string ContestId, string Title, string? Description, string Actor, bool AllowGuests = false);

/// <summary>An admin changed a contest's title, description or whether guests take part.</summary>
public sealed record ContestUpdated(string CampaignId, string ContestId, string Title, string? Description, string Actor, bool AllowGuests = false);

/// <summary>
/// An admin moved the contest forward to <paramref name="Stage"/>. For shortlist and final, <paramref name="EntryIds"/>
/// names the entries that go through; otherwise it is empty.
/// </summary>
public sealed record ContestStageChanged(string CampaignId, string ContestId, string Stage, IReadOnlyList<Guid> EntryIds, string Actor);

/// <summary>
/// A participant submitted an entry, pending moderation. The image itself lives in <c>contest_images</c> under its
/// SHA-256 (lower-case hex); the event carries only that hash, its type, size and dimensions. The author is a
/// participant id, never a OneID.
/// </summary>
public sealed record ContestEntrySubmitted(
    string CampaignId, string ContestId, Guid EntryId, Guid ParticipantId, string Title, string? Description,
    string ImageSha256, string ContentType, long ImageBytes, int Width, int Height);

/// <summary>An admin approved or rejected an entry (<paramref name="Decision"/> is <c>approved</c> or <c>rejected</c>).</summary>
public sealed record ContestEntryModerated(string CampaignId, string ContestId, Guid EntryId, string Decision, string? Reason, string Actor);

/// <summary>A participant scored an entry 0..5 (stream <see cref="DesignContest.ScoreStreamId"/>); it replaces their previous score of it.</summary>
public sealed record ContestEntryScored(string CampaignId, string ContestId, Guid EntryId, Guid ParticipantId, int Score);
