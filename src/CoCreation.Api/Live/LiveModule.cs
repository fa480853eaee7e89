using System.Text.Json;
using System.Text.Json.Serialization;
using CoCreation.Api.Identity;
using CoCreation.Api.Live.ChangingScene;
using CoCreation.Api.Live.GettingScene;
using CoCreation.Api.Live.Hubs;
using CoCreation.Api.Live.OverlayTokens;
using CoCreation.Api.Live.Scenes;
using CoCreation.Api.Live.Topics;
using CoCreation.Api.Trust.RateLimiting;
using CoCreation.EventStore;
using CoCreation.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Live;

/// <summary>The live layer: the <c>/hubs/live</c> SignalR hub, scenes and overlay tokens.</summary>
public static class LiveModule
{
    public const string HubPath = "/hubs/live";

    public static IServiceCollection AddLive(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EventStoreOptions>(options => options.Events
            .Add<SceneChanged>("scene-changed")
            .Add<OverlayTokenRotated>("overlay-token-rotated")
            .Add<OverlayTokenIssued>("overlay-token-issued"));
        services.AddOptions<LiveOptions>().Bind(configuration.GetSection(LiveOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LiveOptions>, ValidateLiveOptions>();

        services.AddLiveProjection<LiveScenes>();
        services.AddSingleton<OverlayTokenSigner>();
        services.AddLiveTopics<SceneTopics>();
        services.AddSingleton<LiveWatchers>();
        services.AddHostedService<LivePublisher>();

        services.AddSignalR(options =>
        {
            // Clients only send Watch and Unwatch: small messages, one at a time.
            options.MaximumReceiveMessageSize = 4 * 1024;
            options.MaximumParallelInvocationsPerClient = 1;
            options.KeepAliveInterval = TimeSpan.FromSeconds(15);
            options.ClientTimeoutInterval = TimeSpan.FromSeconds(30);
            options.HandshakeTimeout = TimeSpan.FromSeconds(10);
            options.AddFilter<LiveHubErrors>();
        }).AddJsonProtocol(options =>
            options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        services.AddLogging(logging => logging.AddFilter(LiveHubErrors.DispatcherCategory, LogLevel.Critical));
        return services;
    }

    public static IEndpointRouteBuilder MapLive(this IEndpointRouteBuilder endpoints)
    {
        var campaign = endpoints.MapGroup("/api/campaigns/{campaignId}").WithTags("Live");
        campaign.MapGet("/scene", GetSceneEndpoint.Handle).WithName("GetScene").RequireRateLimit(RateLimitPolicies.PublicReads).ProducesProblem(StatusCodes.Status404NotFound);
        campaign.MapPut("/scene", ChangeSceneEndpoint.Handle).WithName("ChangeScene").RequireRateLimit(RateLimitPolicies.Admin)
            .RequireAuthorization(Roles.Host).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        campaign.MapGet("/overlay-token", OverlayTokenEndpoints.Get).WithName("GetOverlayToken").RequireRateLimit(RateLimitPolicies.Admin)
            .RequireAuthorization(Roles.Admin).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        campaign.MapPost("/overlay-token/rotate", OverlayTokenEndpoints.Rotate).WithName("RotateOverlayToken").RequireRateLimit(RateLimitPolicies.Admin)
            .RequireAuthorization(Roles.Admin).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        endpoints.MapHub<LiveHub>(HubPath, options =>
        {
            // Per connection: what the server buffers for a client before it waits on it, and how long a send may
            // wait before the connection is closed, so a stalled viewer is dropped instead of growing memory.
            options.TransportMaxBufferSize = 256 * 1024;
            options.ApplicationMaxBufferSize = 16 * 1024;
            options.TransportSendTimeout = TimeSpan.FromSeconds(10);
        }).RequireRateLimit(RateLimitPolicies.PublicReads);
        return endpoints;
    }
}
