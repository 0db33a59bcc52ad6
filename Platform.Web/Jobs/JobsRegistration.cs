using Hangfire;
using Hangfire.AspNetCore;
using Platform.Data;
using Platform.Web.Hosting;
using Platform.Web.Messaging;
using Platform.Web.Nodes;
using StackExchange.Redis;

namespace Platform.Web.Jobs;

public static class JobsRegistration
{
    /// <summary>
    /// Hangfire on the storage the deployment calls for (see <see cref="JobStorageFactory"/>), our schedule synced into
    /// it at start (<see cref="JobScheduleSync"/>), and a Hangfire server on this node unless <c>Jobs:Enabled</c> is off.
    /// The storage and the job activator are registered here rather than taken from Hangfire's globals
    /// (<c>JobStorage.Current</c>, <c>JobActivator.Current</c>), so several hosts in one process (tests, the benchmark)
    /// each keep their own.
    /// </summary>
    public static IServiceCollection AddPlatformJobs(this IServiceCollection services, IConfiguration configuration, DatabaseOptions database)
    {
        var options = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        services.AddSingleton(options);
        services.AddScoped<StaffAlerts>();
        services.AddScoped<JobDashboard>();
        services.AddSingleton(configuration.GetSection(Platform.Data.Backups.BackupOptions.Section).Get<Platform.Data.Backups.BackupOptions>()
            ?? new Platform.Data.Backups.BackupOptions());
        services.AddScoped<Platform.Data.Backups.BackupService>();

        var redis = configuration[JobStorageFactory.RedisSection];
        var store = JobStorageFactory.Choose(database.Provider, redis);
        if (store == JobStore.Redis)
        {
            services.AddRedis(redis!);
        }
        services.AddSingleton<JobStorage>(sp => store switch
        {
            JobStore.Redis => JobStorageFactory.Redis(sp.GetRequiredService<IConnectionMultiplexer>(), options),
            JobStore.Postgres => JobStorageFactory.Postgres(database.ConnectionString!),
            _ => JobStorageFactory.Sqlite(database.ConnectionString, options),
        });
        // Hangfire's registration otherwise resolves the activator as JobActivator.Current, which every host's
        // configuration overwrites: a host whose server was created just after another host was configured ran its jobs
        // in that host's services (its database, its mail), and its own runs never appeared.
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, c) => c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireLogs(sp.GetRequiredService<ILoggerFactory>())));

        // Both start once the app listens, off the first page's path (opening the job storage is most of their cost).
        // The sync is registered before the server, so the recurring entries match our schedule before anything is processed.
        services.AddHostedServiceAfterListening<JobScheduleSync>();
        if (options.Enabled)
        {
            services.AfterListening(s => s.AddHangfireServer(o =>
            {
                o.WorkerCount = Math.Max(1, options.Workers);
                o.SchedulePollingInterval = TimeSpan.FromSeconds(Math.Max(1, options.PollSeconds));
                o.ServerName = JobNode.Name;
            }));
        }
        return services;
    }
}

/// <summary>This process as Hangfire names its server (Hangfire adds a unique suffix to the server id).</summary>
public static class JobNode
{
    public static string Name { get; } = $"{Environment.MachineName}-{Environment.ProcessId}".ToLowerInvariant();
}
