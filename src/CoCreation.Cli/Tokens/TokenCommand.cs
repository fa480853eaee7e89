using System.CommandLine;
using System.Text;
using CoCreation.Cli.Infrastructure;
using CoCreation.OneId;
using Microsoft.Extensions.Configuration;

namespace CoCreation.Cli.Tokens;

/// <summary>
/// <c>token</c>: mints a participant token with the OneID key the API verifies, and prints only the token,
/// so <c>TOKEN=$(cocreation token ...)</c> works.
/// </summary>
internal static class TokenCommand
{
    private const string Section = "Auth:OneId";

    public static Command Create(CliContext context)
    {
        var subject = new Option<string>("--sub") { Description = "The person's OneID (the token's sub claim)", HelpName = "oneId", Required = true };
        var channel = new Option<string>("--channel") { Description = "The channel the person came through (the chn claim)", Required = true };
        channel.AcceptOnlyFromAmong([.. Channels.All]);
        var lifetime = Duration.Option("--lifetime", "24h", "How long the token is valid");

        var command = new Command("token", "Mints a participant token (HS256 JWT) signed with Auth:OneId:SigningKey; prints only the token.")
        {
            subject,
            channel,
            lifetime,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = ReadOptions(context.Configuration);
            var token = OneIdTokens.Mint(options, result.GetRequiredValue(subject), result.GetRequiredValue(channel), result.GetValue(lifetime).Value);
            await context.Output.WriteLineAsync(token.AsMemory(), cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The API's settings, checked the way the API checks them at start-up (a bad key would mint tokens it rejects).</summary>
    private static OneIdOptions ReadOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<OneIdOptions>() ?? new OneIdOptions();
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            problems.Add($"{Section}:Issuer is not configured (environment variable Auth__OneId__Issuer).");
        }
        if (Encoding.UTF8.GetByteCount(options.SigningKey) < OneIdOptions.MinimumKeyBytes)
        {
            problems.Add(
                $"{Section}:SigningKey must be UTF-8 text of at least {OneIdOptions.MinimumKeyBytes} bytes (environment variable Auth__OneId__SigningKey).");
        }
        if (problems.Count > 0)
        {
            problems.Add("Use the API's settings, e.g. 'source .data/demo.env' after ./run.sh.");
            throw new CliException(ExitCodes.Usage, string.Join(Environment.NewLine, problems));
        }
        return options;
    }
}
