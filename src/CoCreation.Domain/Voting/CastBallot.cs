using CoCreation.Flags;

namespace CoCreation.Voting;

/// <summary>A ballot as sent, before it is checked against its question: only the field of the question's kind may be given.</summary>
public sealed record BallotAnswer(
    IReadOnlyList<string>? Choices = null,
    IReadOnlyDictionary<string, int>? Scores = null,
    IReadOnlyDictionary<string, int>? Allocation = null,
    string? Region = null,
    string? AgeBand = null);

/// <summary>Checking a ballot against its question, and recording it as marks.</summary>
public static class CastBallot
{
    public const int MinScore = 1;
    public const int MaxScore = 5;

    /// <summary>Field → messages for everything wrong with <paramref name="answer"/> for <paramref name="question"/>; empty when valid.</summary>
    public static Dictionary<string, string[]> Validate(Question question, BallotAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(answer);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var known = question.Options.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        var expected = question.Kind switch
        {
            QuestionKinds.Score => "scores",
            QuestionKinds.Points => "allocation",
            _ => "choices",
        };
        foreach (var (field, given) in new[] { ("choices", answer.Choices is not null), ("scores", answer.Scores is not null), ("allocation", answer.Allocation is not null) })
        {
            if (given && field != expected) errors[field] = [$"A {question.Kind} question takes '{expected}', not '{field}'."];
        }
        switch (question.Kind)
        {
            case QuestionKinds.Single or QuestionKinds.Multi:
                ValidateChoices(question, answer.Choices, known, errors);
                break;
            case QuestionKinds.Score:
                ValidateValues("scores", answer.Scores, known, errors, v => v is >= MinScore and <= MaxScore, $"Each score must be {MinScore} to {MaxScore}.");
                break;
            case QuestionKinds.Points:
                ValidateValues("allocation", answer.Allocation, known, errors, v => v >= 0, "Points must be whole numbers of 0 or more.");
                if (!errors.ContainsKey("allocation") && answer.Allocation is { } allocation)
                {
                    var total = allocation.Values.Sum(v => (long)v);
                    if (total > question.Budget) errors["allocation"] = [$"The points add up to {total}; the budget is {question.Budget}."];
                    else if (total == 0) errors["allocation"] = ["Give at least one option more than 0 points."];
                }
                break;
        }
        Segment.Validate(answer.Region, answer.AgeBand, errors);
        return errors;
    }

    private static void ValidateChoices(Question question, IReadOnlyList<string>? choices, HashSet<string> known, Dictionary<string, string[]> errors)
    {
        var max = question.Kind == QuestionKinds.Single ? 1 : question.MaxChoices ?? question.Options.Count;
        if (choices is null || choices.Count == 0)
        {
            errors["choices"] = [question.Kind == QuestionKinds.Single ? "Choose exactly one option." : $"Choose 1 to {max} options."];
        }
        else if (choices.Any(c => c is null || !known.Contains(c)))
        {
            errors["choices"] = [$"'{choices.First(c => c is null || !known.Contains(c))}' is not an option of this question."];
        }
        else if (choices.Distinct(StringComparer.Ordinal).Count() != choices.Count)
        {
            errors["choices"] = ["Each option may be chosen once."];
        }
        else if (choices.Count > max)
        {
            errors["choices"] = [question.Kind == QuestionKinds.Single ? "Choose exactly one option." : $"Choose at most {max} options."];
        }
    }

    private static void ValidateValues(
        string field, IReadOnlyDictionary<string, int>? values, HashSet<string> known, Dictionary<string, string[]> errors, Func<int, bool> valid, string rule)
    {
        if (values is null || values.Count == 0)
        {
            errors[field] = [$"Give at least one option in '{field}'."];
        }
        else if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            errors[field] = [$"'{unknown}' is not an option of this question."];
        }
        else if (!values.Values.All(valid))
        {
            errors[field] = [rule];
        }
    }

    /// <summary>
    /// The marks of a valid ballot, in option-id order: 1 per choice, the scores, or the points given (options
    /// allocated 0 points carry no mark, so "votes" of a points question are the people giving an option anything).
    /// </summary>
    public static IReadOnlyList<BallotMark> Marks(Question question, BallotAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(answer);
        IEnumerable<BallotMark> marks = question.Kind switch
        {
            QuestionKinds.Score => answer.Scores!.Select(s => new BallotMark(s.Key, s.Value)),
            QuestionKinds.Points => answer.Allocation!.Where(a => a.Value > 0).Select(a => new BallotMark(a.Key, a.Value)),
            _ => answer.Choices!.Select(c => new BallotMark(c, 1)),
        };
        return [.. marks.OrderBy(m => m.OptionId, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The event recording a valid ballot of <paramref name="participantId"/> through <paramref name="channel"/>, with
    /// the abuse signals observed as it arrived.
    /// </summary>
    public static BallotCast Record(Question question, Guid participantId, string channel, BallotAnswer answer, AnswerSignals? signals = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(answer);
        signals ??= AnswerSignals.None;
        return new BallotCast(question.CampaignId, question.QuestionId, participantId, channel, Marks(question, answer),
            Segment.NormalizeRegion(answer.Region), answer.AgeBand, signals.DwellMs, signals.Network);
    }
}
