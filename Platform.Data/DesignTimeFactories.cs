using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;
using Platform.Data.Identity;
using Platform.Data.Tenancy;

namespace Platform.Data;

// Used only by `dotnet ef` to build each provider's model for its migrations.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePlatformDbContext>
{
    public SqlitePlatformDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlitePlatformDbContext>().UseApplicationServiceProvider(IdentitySchema.DesignTimeServices).UseSqlite("Data Source=design.db").Options, new TenantContext(), new Audit.SystemActor());
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresPlatformDbContext>
{
    public PostgresPlatformDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresPlatformDbContext>().UseApplicationServiceProvider(IdentitySchema.DesignTimeServices).UseNpgsql("Host=localhost;Database=design").Options, new TenantContext(), new Audit.SystemActor());
}

internal sealed class MariaDbDesignTimeFactory : IDesignTimeDbContextFactory<MariaDbPlatformDbContext>
{
    public MariaDbPlatformDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<MariaDbPlatformDbContext>().UseApplicationServiceProvider(IdentitySchema.DesignTimeServices);
        options.UseMariaDb("Server=localhost;Database=design");
        return new(options.Options, new TenantContext(), new Audit.SystemActor());
    }
}
