using System.Text;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Live;

/// <summary>The <c>Live</c> configuration section.</summary>
public sealed class LiveOptions
{
    public const string Section = "Live";

    public const int MinimumKeyBytes = 32;

    /// <summary>HMAC key of the overlay tokens; every node needs the same one to verify them.</summary>
    public string OverlayTokenKey { get; set; } = "";

    /// <summary>How often a topic may be pushed at most (the default is 4 times a second).</summary>
    public TimeSpan PushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How many campaigns one connection may watch at once.</summary>
    public int MaxCampaignsPerConnection { get; set; } = 10;
}

/// <summary>Fails start-up with a message that says which setting is wrong, never what the key is.</summary>
internal sealed class ValidateLiveOptions : IValidateOptions<LiveOptions>
{
    public ValidateOptionsResult Validate(string? name, LiveOptions options)
    {
        var failures = new List<string>();
        if (Encoding.UTF8.GetByteCount(options.OverlayTokenKey) < LiveOptions.MinimumKeyBytes)
        {
            failures.Add($"Live:OverlayTokenKey must be UTF-8 text of at least {LiveOptions.MinimumKeyBytes} bytes.");
        }
        if (options.PushInterval <= TimeSpan.Zero) failures.Add("Live:PushInterval must be positive.");
        if (options.MaxCampaignsPerConnection < 1) failures.Add("Live:MaxCampaignsPerConnection must be at least 1.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
