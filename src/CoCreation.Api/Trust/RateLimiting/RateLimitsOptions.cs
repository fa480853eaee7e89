using Microsoft.Extensions.Options;

namespace CoCreation.Api.Trust.RateLimiting;

/// <summary>
/// Two token buckets of one policy: every <see cref="ReplenishmentPeriod"/> a caller's bucket (a participant, guest or key)
/// gains <see cref="PermitsPerParticipant"/> tokens up to <see cref="ParticipantBurst"/>, and a client address's bucket
/// <see cref="PermitsPerIp"/> up to <see cref="IpBurst"/>. A request takes one token from each; a full bucket is the burst
/// a quiet caller may spend at once.
/// </summary>
public sealed class RateLimitPolicyOptions
{
    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);

    public int PermitsPerParticipant { get; set; }

    public int ParticipantBurst { get; set; }

    public int PermitsPerIp { get; set; }

    public int IpBurst { get; set; }

    internal RateLimitPolicyOptions Copy() => (RateLimitPolicyOptions)MemberwiseClone();
}

/// <summary>The <c>RateLimits</c> section: whether limits apply, and each policy's buckets (see the README for the reasoning).</summary>
public sealed class RateLimitsOptions
{
    public const string Section = "RateLimits";

    public bool Enabled { get; set; } = true;

    /// <summary>Policy name → its buckets; every name of <see cref="RateLimitPolicies.All"/> is present.</summary>
    public Dictionary<string, RateLimitPolicyOptions> Policies { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The defaults, sized for the D90 livestream: a person's answers come a few at a time (2.6 prices each on average,
    /// a few ballots and upvotes), while a carrier-grade NAT address may carry a few thousand people at once.
    /// </summary>
    public static IReadOnlyDictionary<string, RateLimitPolicyOptions> Defaults { get; } = new Dictionary<string, RateLimitPolicyOptions>
    {
        [RateLimitPolicies.ParticipantWrites] = Every(TimeSpan.FromSeconds(1), perParticipant: 1, participantBurst: 30, perIp: 200, ipBurst: 10_000),
        [RateLimitPolicies.Suggestions] = Every(TimeSpan.FromMinutes(1), perParticipant: 2, participantBurst: 10, perIp: 300, ipBurst: 1_000),
        [RateLimitPolicies.Uploads] = Every(TimeSpan.FromMinutes(1), perParticipant: 1, participantBurst: 5, perIp: 30, ipBurst: 100),
        [RateLimitPolicies.ParticipantReads] = Every(TimeSpan.FromSeconds(1), perParticipant: 10, participantBurst: 100, perIp: 500, ipBurst: 20_000),
        [RateLimitPolicies.PublicReads] = Every(TimeSpan.FromSeconds(1), perParticipant: 20, participantBurst: 200, perIp: 1_000, ipBurst: 20_000),
        [RateLimitPolicies.Admin] = Every(TimeSpan.FromSeconds(1), perParticipant: 200, participantBurst: 2_000, perIp: 200, ipBurst: 2_000),
        [RateLimitPolicies.Issuance] = Every(TimeSpan.FromSeconds(1), perParticipant: 1, participantBurst: 10, perIp: 5, ipBurst: 300),
    };

    private static RateLimitPolicyOptions Every(TimeSpan period, int perParticipant, int participantBurst, int perIp, int ipBurst) => new()
    {
        ReplenishmentPeriod = period,
        PermitsPerParticipant = perParticipant,
        ParticipantBurst = participantBurst,
        PermitsPerIp = perIp,
        IpBurst = ipBurst,
    };
}

/// <summary>Binds each policy over its default, so a setting such as <c>RateLimits:Policies:uploads:IpBurst</c> changes only that value.</summary>
internal sealed class ConfigureRateLimits(IConfiguration configuration) : IConfigureOptions<RateLimitsOptions>
{
    public void Configure(RateLimitsOptions options)
    {
        var section = configuration.GetSection(RateLimitsOptions.Section);
        options.Enabled = section.GetValue(nameof(RateLimitsOptions.Enabled), options.Enabled);
        foreach (var (name, defaults) in RateLimitsOptions.Defaults)
        {
            var policy = defaults.Copy();
            section.GetSection($"Policies:{name}").Bind(policy);
            options.Policies[name] = policy;
        }
        foreach (var configured in section.GetSection("Policies").GetChildren().Where(c => !options.Policies.ContainsKey(c.Key)))
        {
            // Kept so validation names the typo instead of silently ignoring it.
            options.Policies[configured.Key] = new RateLimitPolicyOptions();
        }
    }
}

internal sealed class ValidateRateLimits : IValidateOptions<RateLimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitsOptions options)
    {
        var failures = new List<string>();
        foreach (var (policy, limits) in options.Policies)
        {
            var prefix = $"RateLimits:Policies:{policy}";
            if (!RateLimitsOptions.Defaults.ContainsKey(policy))
            {
                failures.Add($"{prefix} is not a policy; the policies are {string.Join(", ", RateLimitPolicies.All)}.");
                continue;
            }
            if (limits.ReplenishmentPeriod < TimeSpan.FromMilliseconds(100)) failures.Add($"{prefix}:ReplenishmentPeriod must be at least 100 ms.");
            Check(failures, prefix, nameof(limits.PermitsPerParticipant), limits.PermitsPerParticipant, nameof(limits.ParticipantBurst), limits.ParticipantBurst);
            Check(failures, prefix, nameof(limits.PermitsPerIp), limits.PermitsPerIp, nameof(limits.IpBurst), limits.IpBurst);
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string prefix, string permitsName, int permits, string burstName, int burst)
    {
        if (permits < 1) failures.Add($"{prefix}:{permitsName} must be at least 1.");
        if (burst < permits) failures.Add($"{prefix}:{burstName} must be at least {permitsName}.");
    }
}
