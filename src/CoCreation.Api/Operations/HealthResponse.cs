using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CoCreation.Api.Operations;

/// <summary>
/// Health as JSON: <c>{status, checks: [{name, status, description, durationMs}]}</c>. A failing
/// check answers 503 as a ProblemDetails carrying the same <c>checks</c>, like every other error.
/// </summary>
internal static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var checks = report.Entries.Select(e => new Check(
            e.Key, e.Value.Status.ToString(), e.Value.Description, Math.Round(e.Value.Duration.TotalMilliseconds, 1))).ToList();

        if (report.Status == HealthStatus.Unhealthy)
        {
            context.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Not ready",
                detail: string.Join(" ", checks.Where(c => c.Status != nameof(HealthStatus.Healthy)).Select(c => $"{c.Name}: {c.Description}")),
                extensions: new Dictionary<string, object?> { ["checks"] = checks }).ExecuteAsync(context);
        }
        return context.Response.WriteAsJsonAsync(new Report(report.Status.ToString(), checks), Json, context.RequestAborted);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record Report(string Status, IReadOnlyList<Check> Checks);

    private sealed record Check(string Name, string Status, string? Description, double DurationMs);
}
