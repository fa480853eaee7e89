namespace CoCreation.Flags;

/// <summary>Why an answer looks suspicious; an answer can carry several. Flags mark, they never delete.</summary>
[Flags]
public enum AnswerFlags
{
    None = 0,

    /// <summary>Sent sooner after the form was shown than a person reads and answers it.</summary>
    Fast = 1,

    /// <summary>One of at least N identical answers from one network within a window.</summary>
    Burst = 2,

    /// <summary>The person replaced their answer to the item at least K times.</summary>
    Replaced = 4,
}

/// <summary>The thresholds the flags are computed with (the <c>Flags</c> configuration section).</summary>
/// <param name="FastMs">Below this dwell an answer is <c>fast</c>.</param>
/// <param name="BurstAnswers">This many identical answers from one network within <paramref name="BurstWindow"/> are a <c>burst</c>.</param>
/// <param name="ReplacedAnswers">A person with at least this many replacements is <c>replaced</c>.</param>
public sealed record FlagThresholds(int FastMs, int BurstAnswers, TimeSpan BurstWindow, int ReplacedAnswers);

/// <summary>Deciding an answer's flags from its signals and what the log says around it.</summary>
public static class AnswerFlagging
{
    /// <summary>The names, in the order the export lists them.</summary>
    public static IReadOnlyList<(AnswerFlags Flag, string Name)> Names { get; } =
        [(AnswerFlags.Fast, "fast"), (AnswerFlags.Burst, "burst"), (AnswerFlags.Replaced, "replaced")];

    /// <param name="dwellMs">The answer's dwell; none (an import, an old answer) is never fast.</param>
    /// <param name="replacements">How many earlier answers of the person to the same item it replaced.</param>
    /// <param name="inBurst">Whether the log puts the answer in a burst of its network.</param>
    public static AnswerFlags Of(FlagThresholds thresholds, int? dwellMs, long replacements, bool inBurst)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var flags = AnswerFlags.None;
        if (dwellMs < thresholds.FastMs) flags |= AnswerFlags.Fast;
        if (inBurst) flags |= AnswerFlags.Burst;
        if (replacements >= thresholds.ReplacedAnswers) flags |= AnswerFlags.Replaced;
        return flags;
    }

    /// <summary><c>fast;burst</c>: the names joined by semicolons (one CSV field, no quoting), empty for none.</summary>
    public static string Text(AnswerFlags flags) => flags switch
    {
        AnswerFlags.None => "",
        _ => string.Join(';', Names.Where(n => flags.HasFlag(n.Flag)).Select(n => n.Name)),
    };

    /// <summary>Parses <c>true</c> (every flag), <c>false</c> or nothing (none), or names joined by commas or semicolons.</summary>
    public static bool TryParse(string? text, out AnswerFlags flags)
    {
        flags = AnswerFlags.None;
        if (string.IsNullOrEmpty(text) || text.Equals("false", StringComparison.OrdinalIgnoreCase)) return true;
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            flags = AnswerFlags.Fast | AnswerFlags.Burst | AnswerFlags.Replaced;
            return true;
        }
        foreach (var part in text.Split([',', ';'], StringSplitOptions.TrimEntries))
        {
            var match = Names.FirstOrDefault(n => n.Name.Equals(part, StringComparison.Ordinal));
            if (match.Name is null) return false;
            flags |= match.Flag;
        }
        return true;
    }
}
