namespace CoCreation.Api.Demo;

/// <summary>The demo campaign of <c>./run.sh</c> and <c>docker compose up</c>, seeded when <c>Demo:Seed</c> is true.</summary>
public static class DemoModule
{
    public static IServiceCollection AddDemo(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue<bool>("Demo:Seed")) services.AddHostedService<DemoSeeder>();
        return services;
    }
}
