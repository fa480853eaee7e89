namespace CoCreation;

/// <summary>The rule for names people give things (campaigns, items, questions, contests): required, bounded, no control characters.</summary>
public static class DisplayName
{
    public const int MaxLength = 200;

    /// <summary>Adds the first thing wrong with <paramref name="value"/> to <paramref name="errors"/> under <paramref name="field"/>.</summary>
    public static void Check(IDictionary<string, string[]> errors, string field, string? value, int maxLength = MaxLength)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [$"A {field} is required."];
        }
        else if (value.Length > maxLength)
        {
            errors[field] = [$"The {field} must be at most {maxLength} characters."];
        }
        else if (value.Any(char.IsControl))
        {
            errors[field] = [$"The {field} must not contain control characters."];
        }
    }
}
