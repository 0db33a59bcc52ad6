using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Data;
using Platform.Core.Tenancy;

namespace Platform.Tests.Support;

public static class AcrossTenants
{
    /// <summary>Reads the database with the tenant filters lifted, as a test arranging or checking across organizations must.</summary>
    public static async Task<T> ReadAllAsync<T>(this IServiceProvider services, Func<IPlatformDb, Task<T>> read)
    {
        await using var scope = services.CreateAsyncScope();
        using var _ = scope.ServiceProvider.GetRequiredService<ITenantContext>().AcrossTenants("test: reading across organizations");
        await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        return await read(db);
    }
}
