using Platform.Core.Tenancy;

namespace Microsoft.Extensions.DependencyInjection;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Domain services. They need an IPlatformDbFactory, ITenantContext and messaging from the outer layers.</summary>
    public static IServiceCollection AddCoreServices(this IServiceCollection services)
    {
        services.AddScoped<OrganizationService>();
        services.AddScoped<LocationService>();
        services.AddScoped<TeamService>();
        services.AddScoped<MembershipDirectory>();
        return services;
    }
}
