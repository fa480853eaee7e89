namespace CoCreation.Voting;

/// <summary>
/// Create a question or replace its settings (PUT semantics: omitted optional fields reset). Title, labels and
/// window are always editable; the kind, the option ids, maxChoices and budget only until voting first begins,
/// because ballots already cast were cast against them.
/// </summary>
public sealed record DefineQuestion(
    string CampaignId, string QuestionId, string Title, string Kind, IReadOnlyList<QuestionOption> Options, int? MaxChoices, int? Budget,
    DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt, string Actor, bool AllowGuests = false, bool AllowGuestSuggestions = false)
{
    public const int MinOptions = 2;
    public const int MaxOptions = 50;
    public const int MaxLabelLength = 200;
    public const int MaxBudget = 10_000;

    /// <summary>Field → messages for everything wrong with the input; empty when it is valid.</summary>
    public static Dictionary<string, string[]> Validate(
        string campaignId, string questionId, string? title, string? kind, IReadOnlyList<QuestionOption?>? options, int? maxChoices, int? budget,
        DateTimeOffset? opensAt, DateTimeOffset? closesAt)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!Slug.IsValid(campaignId)) errors["campaignId"] = [$"The campaign id {Slug.Rule}."];
        if (!Slug.IsValid(questionId)) errors["questionId"] = [$"The question id {Slug.Rule}."];
        DisplayName.Check(errors, "title", title);
        if (!QuestionKinds.IsKnown(kind)) errors["kind"] = [$"The kind must be one of {string.Join(", ", QuestionKinds.All)}."];
        ValidateOptions(options, errors);

        if (maxChoices is { } max)
        {
            if (kind != QuestionKinds.Multi) errors["maxChoices"] = ["maxChoices belongs to multi questions only."];
            else if (options is not null && (max < 1 || max > options.Count)) errors["maxChoices"] = ["maxChoices must be 1 to the number of options."];
        }
        if (budget is { } points)
        {
            if (kind != QuestionKinds.Points) errors["budget"] = ["budget belongs to points questions only."];
            else if (points is < 1 or > MaxBudget) errors["budget"] = [$"budget must be 1 to {MaxBudget}."];
        }
        else if (kind == QuestionKinds.Points)
        {
            errors["budget"] = ["A points question needs a budget."];
        }
        if (opensAt is { } opens && closesAt is { } closes && closes <= opens)
        {
            errors["closesAt"] = ["closesAt must be after opensAt."];
        }
        return errors;
    }

    private static void ValidateOptions(IReadOnlyList<QuestionOption?>? options, Dictionary<string, string[]> errors)
    {
        if (options is null || options.Count is < MinOptions or > MaxOptions)
        {
            errors["options"] = [$"A question needs {MinOptions} to {MaxOptions} options."];
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Count; i++)
        {
            var option = options[i];
            if (option is null)
            {
                errors[$"options[{i}]"] = ["An option needs an id and a label."];
                continue;
            }
            if (!Slug.IsValid(option.Id)) errors[$"options[{i}].id"] = [$"The option id {Slug.Rule}."];
            else if (!seen.Add(option.Id)) errors[$"options[{i}].id"] = [$"The option id '{option.Id}' is used twice."];
            DisplayName.Check(errors, $"options[{i}].label", option.Label, MaxLabelLength);
        }
    }

    public static Decision Decide(Question? state, DefineQuestion command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        var c = command;
        if (state is null)
        {
            return Decision.Append(new QuestionDefined(
                c.CampaignId, c.QuestionId, c.Title, c.Kind, c.Options, c.MaxChoices, c.Budget, c.OpensAt, c.ClosesAt, c.Actor, c.AllowGuests, c.AllowGuestSuggestions));
        }
        var sameBallotShape = state.Kind == c.Kind && state.MaxChoices == c.MaxChoices && state.Budget == c.Budget
            && state.Options.Select(o => o.Id).SequenceEqual(c.Options.Select(o => o.Id), StringComparer.Ordinal);
        if (sameBallotShape && state.Title == c.Title && state.Options.SequenceEqual(c.Options)
            && state.OpensAt == c.OpensAt && state.ClosesAt == c.ClosesAt
            && state.AllowGuests == c.AllowGuests && state.AllowGuestSuggestions == c.AllowGuestSuggestions)
        {
            return Decision.Nothing;
        }
        if (!sameBallotShape && state.HasStarted(now))
        {
            return Decision.Refuse(
                "Voting has begun, so the kind, the option ids, maxChoices and budget can no longer change; only the title, the labels and the window can.");
        }
        return Decision.Append(new QuestionUpdated(
            c.CampaignId, c.QuestionId, c.Title, c.Kind, c.Options, c.MaxChoices, c.Budget, c.OpensAt, c.ClosesAt, c.Actor, c.AllowGuests, c.AllowGuestSuggestions));
    }
}
