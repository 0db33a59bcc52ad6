using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

/// <summary>Nodes starting together on an empty database.</summary>
public sealed class MigrationTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task TwoNodesMigratingAnEmptyDatabaseAtOnceApplyEachMigrationOnceAndBothStart(DatabaseProvider provider)
    {
        await using var empty = await EmptyDatabase.CreateAsync(provider);
        await using var first = Node(provider, empty.ConnectionString);
        await using var second = Node(provider, empty.ConnectionString);

        await Task.WhenAll(Task.Run(() => MigrateAsync(first)), Task.Run(() => MigrateAsync(second)));

        await using var scope = first.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
        applied.ShouldBe(db.Database.GetMigrations().ToList());
        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        (await db.Roles.Select(r => r.Name).ToListAsync()).ShouldBe(PlatformRoles.All, ignoreOrder: true);
    }

    private static async Task MigrateAsync(ServiceProvider node)
    {
        await using var scope = node.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
    }

    private static ServiceProvider Node(DatabaseProvider provider, string connectionString)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPlatformData(new DatabaseOptions { Provider = provider, ConnectionString = connectionString, SeedDemoData = false });
        services.AddIdentityCore<Platform.Data.Identity.PlatformUser>().AddRoles<Platform.Data.Identity.PlatformRole>()
            .AddEntityFrameworkStores<PlatformDbContext>();
        return services.BuildServiceProvider();
    }
}
