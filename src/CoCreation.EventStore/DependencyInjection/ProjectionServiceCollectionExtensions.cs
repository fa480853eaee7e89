using CoCreation.EventStore.Projections;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the projection daemon and projections.</summary>
public static class ProjectionServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ProjectionDaemon"/> as a singleton and a hosted service, and <see cref="DocumentReader"/>.
    /// The <see cref="CoCreation.EventStore.EventStore"/> must be registered too.
    /// </summary>
    public static IServiceCollection AddProjectionDaemon(this IServiceCollection services, Action<ProjectionDaemonOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ProjectionDaemonOptions>();
        if (configure is not null) options.Configure(configure);
        services.TryAddSingleton<ProjectionDaemon>();
        services.AddHostedService(sp => sp.GetRequiredService<ProjectionDaemon>());
        services.TryAddSingleton<DocumentReader>();
        return services;
    }

    /// <summary>Registers a durable document projection run by the daemon.</summary>
    public static IServiceCollection AddDocumentProjection<T>(this IServiceCollection services) where T : DocumentProjection
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<DocumentProjection, T>();
        return services;
    }

    /// <summary>Registers a live projection, resolvable as <typeparamref name="T"/> for reads and fed by the daemon.</summary>
    public static IServiceCollection AddLiveProjection<T>(this IServiceCollection services) where T : class, ILiveProjection
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<T>();
        services.AddSingleton<ILiveProjection>(sp => sp.GetRequiredService<T>());
        return services;
    }
}
