using Microsoft.Extensions.Options;

namespace CoCreation.Api.Flags;

/// <summary>Abuse flags: the signals recorded with answers and the thresholds exports flag them by.</summary>
public static class FlagsModule
{
    public static IServiceCollection AddFlags(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FlagOptions>().Bind(configuration.GetSection(FlagOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FlagOptions>, ValidateFlagOptions>();
        services.AddSingleton<NetworkPseudonyms>();
        return services;
    }
}
