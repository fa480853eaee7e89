namespace CoCreation.Api.Operations;

/// <summary>
/// Readiness checks carry this tag. Another module adds one in a line:
/// <c>services.AddHealthChecks().AddCheck&lt;ProjectionsCaughtUp&gt;("projections", tags: [HealthTags.Ready]);</c>
/// </summary>
public static class HealthTags
{
    public const string Ready = "ready";
}
