using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace CoCreation.Participants;

/// <summary>The participants directory: OneID → participant id, outside the event log.</summary>
public static class ParticipantsModule
{
    /// <summary>
    /// Registers the directory and its table's start-up migration; call it after the event store (whose
    /// migration creates the schema). Idempotent, so every slice that needs participant ids may call it.
    /// </summary>
    public static IServiceCollection AddParticipants(this IServiceCollection services)
    {
        services.TryAddSingleton<ParticipantDirectory>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ParticipantsTable>());
        return services;
    }
}
