using System.Text;
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
        CheckKeys(options.AdminKeys, "Auth:AdminKeys", failures);
        CheckKeys(options.HostKeys, "Auth:HostKeys", failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
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
