using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Trust.SecurityHeaders;

/// <summary>The <c>SecurityHeaders</c> section.</summary>
public sealed class SecurityHeaderOptions
{
    public const string Section = "SecurityHeaders";

    /// <summary>
    /// Who may frame the overlay page (CSP <c>frame-ancestors</c> sources, space-separated): OBS shows it as a page of its
    /// own, but a host's web tool may embed it. Every other response may be framed by nobody.
    /// </summary>
    public string OverlayFrameAncestors { get; set; } = "'self'";

    /// <summary><c>Strict-Transport-Security</c> max-age on HTTPS requests outside Development.</summary>
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);
}

internal sealed partial class ValidateSecurityHeaderOptions : IValidateOptions<SecurityHeaderOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityHeaderOptions options)
    {
        var sources = options.OverlayFrameAncestors.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (sources.Length == 0 || !sources.All(s => Source().IsMatch(s)))
        {
            return ValidateOptionsResult.Fail(
                "SecurityHeaders:OverlayFrameAncestors must be space-separated CSP sources: 'self', 'none', or origins such as https://tools.example.com.");
        }
        return options.HstsMaxAge < TimeSpan.Zero ? ValidateOptionsResult.Fail("SecurityHeaders:HstsMaxAge must not be negative.") : ValidateOptionsResult.Success;
    }

    // A keyword or a scheme://host[:port] origin (host may start with *.): nothing that could end the directive or the header.
    [GeneratedRegex(@"^('self'|'none'|https?://(\*\.)?[A-Za-z0-9.-]+(:[0-9]{1,5})?)$", RegexOptions.CultureInvariant)]
    private static partial Regex Source();
}
