using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Data.Identity;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

public sealed class DataProtectionKeyTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task TwoNodesOnOneDatabaseReadEachOthersProtectedDataAndTheKeysAreNeverAudited(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var database = db.Services.GetRequiredService<DatabaseOptions>();
        await using var first = Node(database);
        await using var second = Node(database);

        // What one node seals (a cookie, an antiforgery token, a one-click link), another node opens.
        var sealedByFirst = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("links").Protect("gift 42");
        second.GetRequiredService<IDataProtectionProvider>().CreateProtector("links").Unprotect(sealedByFirst).ShouldBe("gift 42");

        await using var scope = db.Scope();
        using var _ = scope.ServiceProvider.GetRequiredService<ITenantContext>().AcrossTenants("test assertion");
        await using var read = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContextAsync();
        (await read.DataProtectionKeys.CountAsync()).ShouldBe(1);
        (await read.AuditEntries.CountAsync(a => a.EntityType == nameof(DataProtectionKey))).ShouldBe(0);
    }

    private static ServiceProvider Node(DatabaseOptions database)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPlatformData(new DatabaseOptions { Provider = database.Provider, ConnectionString = database.ConnectionString, SeedDemoData = false });
        services.AddDataProtection().SetApplicationName("Platform").PersistKeysToPlatformDatabase();
        return services.BuildServiceProvider();
    }
}
