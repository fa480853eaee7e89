namespace CoCreation.Voting;

/// <summary>How a question asks: one choice, several choices, a score per option, or a budget of points to spread.</summary>
public static class QuestionKinds
{
    public const string Single = "single";
    public const string Multi = "multi";
    public const string Score = "score";
    public const string Points = "points";

    public static IReadOnlyList<string> All { get; } = [Single, Multi, Score, Points];

    public static bool IsKnown(string? kind) => kind is Single or Multi or Score or Points;
}

/// <summary>A question as its stream tells it.</summary>
public sealed record Question(
    string CampaignId, string QuestionId, string Title, string Kind, IReadOnlyList<QuestionOption> Options, int? MaxChoices, int? Budget,
    DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt, bool OpenedByHost, bool ClosedByHost, bool WasEverOpened,
    bool AllowGuests = false, bool AllowGuestSuggestions = false)
{
    public static string StreamId(string campaignId, string questionId) => $"question/{campaignId}/{questionId}";

    public static string BallotStreamId(string campaignId, string questionId, Guid participantId) =>
        $"ballot/{campaignId}/{questionId}/{participantId:N}";

    /// <summary>
    /// Open when not closed by a host and either opened by one or inside its window
    /// (<c>opensAt ≤ now &lt; closesAt</c>, each bound optional); the same rule as price rounds.
    /// </summary>
    public bool IsOpen(DateTimeOffset now) =>
        !ClosedByHost
        && (OpenedByHost || OpensAt is { } opens && opens <= now)
        && (ClosesAt is null || now < ClosesAt || OpenedByHost);

    /// <summary>Whether voting ever began by <paramref name="now"/>: opened by a host, or its opening time passed.</summary>
    public bool HasStarted(DateTimeOffset now) => WasEverOpened || OpensAt is { } opens && opens <= now;

    public static Question Create(QuestionDefined e) =>
        new(e.CampaignId, e.QuestionId, e.Title, e.Kind, e.Options, e.MaxChoices, e.Budget, e.OpensAt, e.ClosesAt,
            OpenedByHost: false, ClosedByHost: false, WasEverOpened: false, e.AllowGuests, e.AllowGuestSuggestions);

    public Question Apply(QuestionUpdated e) => this with
    {
        Title = e.Title, Kind = e.Kind, Options = e.Options, MaxChoices = e.MaxChoices, Budget = e.Budget, OpensAt = e.OpensAt, ClosesAt = e.ClosesAt,
        AllowGuests = e.AllowGuests, AllowGuestSuggestions = e.AllowGuestSuggestions,
    };

    public Question Apply(QuestionRoundOpened e) => this with { OpenedByHost = true, ClosedByHost = false, WasEverOpened = true };

    public Question Apply(QuestionRoundClosed e) => this with { OpenedByHost = false, ClosedByHost = true };

    public static Question? Evolve(Question? state, object @event) => (state, @event) switch
    {
        (null, QuestionDefined e) => Create(e),
        ({ } question, QuestionUpdated e) => question.Apply(e),
        ({ } question, QuestionRoundOpened e) => question.Apply(e),
        ({ } question, QuestionRoundClosed e) => question.Apply(e),
        _ => state,
    };

    public static Question? Fold(IEnumerable<object> events) => events.Aggregate((Question?)null, Evolve);
}
