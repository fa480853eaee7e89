using CoCreation.Contest.Images;

namespace CoCreation.Contest;

/// <summary>A participant's entry: a title, an optional description and an inspected image, accepted only in the submission stage.</summary>
public sealed record SubmitEntry(Guid EntryId, Guid ParticipantId, string Title, string? Description, ImageInfo Image)
{
    /// <summary>Field → messages for the (normalized) title and description.</summary>
    public static Dictionary<string, string[]> Validate(string? title, string? description)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        DisplayName.Check(errors, "title", title);
        ContestText.CheckDescription(errors, "description", description);
        return errors;
    }

    /// <summary>Why <paramref name="state"/> takes no entry now, or null when it does.</summary>
    public static string? Closed(DesignContest state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Stage != ContestStages.Submission
            ? $"The contest takes entries only in the {ContestStages.Submission} stage; it is in the {state.Stage} stage."
            : null;
    }

    public static Decision Decide(DesignContest state, SubmitEntry command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (Closed(state) is { } closed) return Decision.Refuse(closed);
        var c = command;
        return Decision.Append(new ContestEntrySubmitted(state.CampaignId, state.ContestId, c.EntryId, c.ParticipantId, c.Title, c.Description,
            c.Image.Sha256, c.Image.ContentType, c.Image.Bytes, c.Image.Width, c.Image.Height));
    }
}
