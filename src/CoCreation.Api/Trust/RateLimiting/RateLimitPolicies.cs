namespace CoCreation.Api.Trust.RateLimiting;

/// <summary>
/// The named rate-limit policies endpoints are put in, each with its own buckets per caller and per client address
/// (<see cref="RateLimitsOptions"/>). An endpoint names its policy with <see cref="RateLimitEndpointExtensions.RequireRateLimit{TBuilder}"/>.
/// </summary>
public static class RateLimitPolicies
{
    /// <summary>Price submissions, ballots, upvotes, contest scores: a person's answers, each replacing the last.</summary>
    public const string ParticipantWrites = "participant-writes";

    /// <summary>Suggestions: each one is new text for the moderators' queue, so fewer than answers.</summary>
    public const string Suggestions = "suggestions";

    /// <summary>Design entries: up to 10 MB each.</summary>
    public const string Uploads = "uploads";

    /// <summary>Reads that need a participant's token.</summary>
    public const string ParticipantReads = "participant-reads";

    /// <summary>Anonymous reads: campaigns, stats, results, leaderboards, the scene, pages, the hub.</summary>
    public const string PublicReads = "public-reads";

    /// <summary>Everything an admin or host key does.</summary>
    public const string Admin = "admin";

    /// <summary>Handing out identities (guest tokens): per client address, tight.</summary>
    public const string Issuance = "issuance";

    public static IReadOnlyList<string> All { get; } = [ParticipantWrites, Suggestions, Uploads, ParticipantReads, PublicReads, Admin, Issuance];
}

/// <summary>The rate-limit policy an endpoint is in.</summary>
public sealed record RateLimitPolicyMetadata(string Policy);

public static class RateLimitEndpointExtensions
{
    /// <summary>Puts the endpoints in the named <see cref="RateLimitPolicies">policy</see>; the innermost call wins.</summary>
    public static TBuilder RequireRateLimit<TBuilder>(this TBuilder builder, string policy) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!RateLimitPolicies.All.Contains(policy)) throw new ArgumentException($"There is no rate-limit policy '{policy}'.", nameof(policy));
        builder.Add(endpoint => endpoint.Metadata.Add(new RateLimitPolicyMetadata(policy)));
        return builder;
    }
}
