using System.Text;
using CoCreation.Api.Identity.Guests;
using CoCreation.OneId;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Identity;

/// <summary>The <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public OneIdOptions OneId { get; set; } = new();

    public string[] AdminKeys { get; set; } = [];

    public string[] HostKeys { get; set; } = [];

    public GuestOptions Guests { get; set; } = new();
}

/// <summary>Fails start-up with a message that says which setting is wrong, never what a secret is.</summary>
internal sealed class ValidateAuthOptions : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.OneId.Issuer))
        {
            failures.Add("Auth:OneId:Issuer is not configured.");
        }
        if (Encoding.UTF8.GetByteCount(options.OneId.SigningKey) < OneIdOptions.MinimumKeyBytes)
        {
            failures.Add($"Auth:OneId:SigningKey must be UTF-8 text of at least {OneIdOptions.MinimumKeyBytes} bytes (HS256).");
        }
        if (options.OneId.Issuer == GuestOptions.Issuer)
        {
            failures.Add($"Auth:OneId:Issuer must not be '{GuestOptions.Issuer}', the issuer of guest tokens.");
        }
        CheckGuests(options, failures);
        CheckKeys(options.AdminKeys, "Auth:AdminKeys", failures);
        CheckKeys(options.HostKeys, "Auth:HostKeys", failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckGuests(AuthOptions options, List<string> failures)
    {
        var guests = options.Guests;
        if (!guests.Enabled) return;
        if (Encoding.UTF8.GetByteCount(guests.SigningKey) < OneIdOptions.MinimumKeyBytes)
        {
            failures.Add($"Auth:Guests:SigningKey must be UTF-8 text of at least {OneIdOptions.MinimumKeyBytes} bytes (HS256) when guests are enabled.");
        }
        else if (guests.SigningKey == options.OneId.SigningKey)
        {
            // With one key a guest token would be a valid OneID signature: the tiers must not share it.
            failures.Add("Auth:Guests:SigningKey must differ from Auth:OneId:SigningKey.");
        }
        if (guests.Lifetime <= TimeSpan.Zero || guests.Lifetime > GuestOptions.MaxLifetime)
        {
            failures.Add($"Auth:Guests:Lifetime must be more than 0 and at most {GuestOptions.MaxLifetime.TotalDays:0} days.");
        }
    }

    private static void CheckKeys(string[] keys, string setting, List<string> failures)
    {
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i].Length < ApiKeys.MinimumLength)
            {
                failures.Add($"{setting}:{i} must be at least {ApiKeys.MinimumLength} characters.");
            }
            else if (BearerRouting.LooksLikeJwt(keys[i]))
            {
                // Such a key would be routed to the JWT scheme and never match.
                failures.Add($"{setting}:{i} must not contain exactly two dots.");
            }
        }
    }
}
