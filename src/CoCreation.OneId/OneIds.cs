namespace CoCreation.OneId;

/// <summary>What the system accepts as a OneID where a trusted caller names one (batches, imports) instead of a token.</summary>
public static class OneIds
{
    public const int MaxLength = 256;

    public static string Requirement { get; } = $"A OneID of 1 to {MaxLength} characters, without control characters, is required.";

    public static bool IsValid(string? oneId) =>
        !string.IsNullOrWhiteSpace(oneId) && oneId.Length <= MaxLength && !oneId.Any(char.IsControl);
}
