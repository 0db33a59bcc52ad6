using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Core.Audit;
using Platform.Core.Data;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Data.Audit;
using Platform.Data.Identity;
using Platform.Data.Interceptors;
using Platform.Data.Tenancy;

namespace Microsoft.Extensions.DependencyInjection;

public static class DataServiceCollectionExtensions
{
    /// <summary>The database for the configured provider, with tenant filters, tenant stamping and auditing.</summary>
    public static IServiceCollection AddPlatformData(this IServiceCollection services, DatabaseOptions options)
    {
        services.AddSingleton(options);
        services.Configure<IdentityOptions>(IdentitySchema.Use);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<ITenantContext, TenantContext>();
        services.TryAddScoped<ICurrentActor, SystemActor>();

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = SqliteConnectionString(options.ConnectionString);
                options.ConnectionString = sqlite; // resolved once, for whatever else shares the database (the scheduler)
                AddProvider<SqlitePlatformDbContext>(services, o => o.UseSqlite(sqlite).AddInterceptors(new SqlitePragmas()));
                services.AddSingleton<SqliteCheckpointer>();
                services.AddHostedService(sp => sp.GetRequiredService<SqliteCheckpointer>());
                break;
            case DatabaseProvider.Postgres:
                var postgres = options.ConnectionString
                    ?? throw new InvalidOperationException("Database:ConnectionString (or PLATFORM_DB) is required for PostgreSQL.");
                AddProvider<PostgresPlatformDbContext>(services, o => o.UseNpgsql(postgres));
                break;
            case DatabaseProvider.MariaDb:
                var mariaDb = options.ConnectionString
                    ?? throw new InvalidOperationException("Database:ConnectionString (or PLATFORM_DB) is required for MariaDB.");
                AddProvider<MariaDbPlatformDbContext>(services, o => o.UseMariaDb(mariaDb));
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider '{options.Provider}'.");
        }

        services.AddScoped<IPlatformDbFactory, PlatformDbFactory>();
        services.AddScoped<IUserDirectory, UserDirectory>();
        services.AddScoped<IAuditLog, AuditLog>();
        services.AddSingleton<TenantLiftAudit>();
        services.AddHostedService(sp => sp.GetRequiredService<TenantLiftAudit>());
        services.AddScoped<AuditQueries>();
        services.AddScoped<UserQueries>();
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<DemoSeeder>();
        return services;
    }

    private static void AddProvider<TContext>(IServiceCollection services, Action<DbContextOptionsBuilder> configure)
        where TContext : PlatformDbContext
    {
        // Options are built once: the interceptors read the tenant and actor from the context they intercept, so
        // nothing per-request lives in the options, and creating a context per operation stays cheap.
        services.AddSingleton(sp =>
        {
            var builder = new DbContextOptionsBuilder<TContext>()
                .UseApplicationServiceProvider(sp)
                .UseLoggerFactory(sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>());
            configure(builder);
            builder.AddInterceptors(new TenantStampingInterceptor(), new AuditInterceptor(sp.GetRequiredService<TimeProvider>()));
            return builder.Options;
        });
        services.AddScoped<IDbContextFactory<TContext>, ScopedContextFactory<TContext>>();
        services.AddScoped<IDbContextFactory<PlatformDbContext>>(sp =>
            new UpcastDbContextFactory<TContext>(sp.GetRequiredService<IDbContextFactory<TContext>>()));
        services.AddScoped<PlatformDbContext>(sp => sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext());
    }

    /// <summary>Oracle's MySQL provider on MariaDB, with the migration lock MariaDB accepts.</summary>
    internal static DbContextOptionsBuilder UseMariaDb(this DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseMySQL(connectionString)
            .ReplaceService<Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository, Platform.Data.MariaDb.MariaDbHistoryRepository>();

    /// <summary>The SQLite connection string the app uses: the configured one, or App_Data/platform.db.</summary>
    public static string SqliteConnectionString(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }
        var folder = Path.GetFullPath("App_Data");
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "platform.db")}";
    }
}
