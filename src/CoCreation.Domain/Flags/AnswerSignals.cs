namespace CoCreation.Flags;

/// <summary>
/// What the write side observed about how an answer arrived, kept on its event so abuse flags can be computed from
/// the log: how long the form was shown before it was sent, and a keyed pseudonym of the client's network (never the
/// address). Both are optional: the command-line import, and answers stored before signals existed, have neither.
/// </summary>
/// <param name="DwellMs">Milliseconds the form was shown before submit, as the participant's page measured it.</param>
/// <param name="Network">The keyed pseudonym of the client's /24 (IPv4) or /48 (IPv6) network.</param>
public sealed record AnswerSignals(int? DwellMs, string? Network)
{
    /// <summary>No signals.</summary>
    public static AnswerSignals None { get; } = new(null, null);
}

/// <summary>The optional <c>dwellMs</c> a participant's page sends with an answer.</summary>
public static class Dwell
{
    /// <summary>A day: a form open longer than that says nothing about speed.</summary>
    public const int MaxMs = 86_400_000;

    public const string Field = "dwellMs";

    /// <summary>Adds <c>dwellMs</c> to <paramref name="errors"/> unless it is absent or 0..<see cref="MaxMs"/>.</summary>
    public static void Validate(long? dwellMs, IDictionary<string, string[]> errors, string field = Field)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (dwellMs is < 0 or > MaxMs)
        {
            errors[field] = [$"{field} must be a whole number of milliseconds from 0 to {MaxMs} (a day)."];
        }
    }
}
