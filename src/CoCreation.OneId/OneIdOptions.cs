namespace CoCreation.OneId;

/// <summary>How the brand's OneID platform signs participant tokens (HS256).</summary>
public sealed class OneIdOptions
{
    public const int MinimumKeyBytes = 32;

    public string Issuer { get; set; } = "";

    public string SigningKey { get; set; } = "";
}
