namespace CoCreation.Contest;

/// <summary>The stages of a contest, in the only order they may follow: submission → voting → shortlist → final → closed.</summary>
public static class ContestStages
{
    public const string Submission = "submission";
    public const string Voting = "voting";
    public const string Shortlist = "shortlist";
    public const string Final = "final";
    public const string Closed = "closed";

    public static IReadOnlyList<string> All { get; } = [Submission, Voting, Shortlist, Final, Closed];

    public static bool IsKnown(string? stage) => stage is not null && All.Contains(stage, StringComparer.Ordinal);

    /// <summary>The stage's position in <see cref="All"/>; -1 when unknown.</summary>
    public static int Order(string stage) => All.ToList().IndexOf(stage);

    /// <summary>Whether the stage names the entries that go through (shortlist and final).</summary>
    public static bool NamesEntries(string stage) => stage is Shortlist or Final;

    /// <summary>Whether participants may score in the stage (voting, shortlist, final).</summary>
    public static bool AllowsScoring(string stage) => stage is Voting or Shortlist or Final;
}

/// <summary>What a moderator decides about an entry; the wire words (<c>approve</c>, <c>reject</c>) and the states they lead to.</summary>
public static class EntryStatus
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";

    /// <summary>The status a moderation decision word leads to, or null for an unknown word.</summary>
    public static string? FromDecision(string? decision) => decision switch
    {
        "approve" => Approved,
        "reject" => Rejected,
        _ => null,
    };
}
