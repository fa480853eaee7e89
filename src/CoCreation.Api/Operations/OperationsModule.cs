using System.Text.Json;
using System.Text.Json.Serialization;
using CoCreation.Api.Trust.RateLimiting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CoCreation.Api.Operations;

/// <summary>Logging, health endpoints and the OpenAPI document.</summary>
public static class OperationsModule
{
    public static IHostApplicationBuilder AddOperations(this IHostApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.AddJsonConsole(options => options.UseUtcTimestamp = true);
        }

        // Enums travel as camelCase names ("document", "live"), like every other identifier in the contract.
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));

        builder.Services.AddHealthChecks()
            .AddCheck<PostgresCheck>("postgres", tags: [HealthTags.Ready], timeout: TimeSpan.FromSeconds(5));
        builder.Services.AddApiDocument();
        return builder;
    }

    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = HealthResponse.WriteAsync,
        });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthTags.Ready),
            ResponseWriter = HealthResponse.WriteAsync,
        });
        // The one document by its own path: "/openapi/{documentName}.json" answers an unknown name with a plain-text 404.
        endpoints.MapOpenApi("/openapi/v1.json").RequireRateLimit(RateLimitPolicies.PublicReads);
        return endpoints;
    }
}
