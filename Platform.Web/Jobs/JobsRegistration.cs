using Platform.Data;
using Platform.Web.Messaging;
using Quartz;

namespace Platform.Web.Jobs;

public static class JobsRegistration
{
    /// <summary>
    /// Quartz on the application's own database (its ADO.NET store; tables it creates itself), clustered on a server database (PostgreSQL, MariaDB) so
    /// several nodes share one schedule and each firing runs once. Every catalogue job is scheduled the first time with
    /// its configured or default cron; after that the stored schedule, which staff edit on the dashboard, wins.
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
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);

        services.Configure<QuartzOptions>(o =>
        {
            o.Scheduling.IgnoreDuplicates = true;
            o.Scheduling.OverwriteExistingData = false;
        });
        services.AddQuartz(q =>
        {
            q.UseDefaultThreadPool(Math.Max(1, options.Threads));
            // How long an idle node waits before looking for due triggers again; also how soon a node takes over a
            // schedule another node left.
            q.ConfigureScheduler(s => s.IdleWaitTime = TimeSpan.FromSeconds(Math.Max(1, options.IdleWaitSeconds)));
            q.UsePersistentStore(store =>
            {
                switch (database.Provider)
                {
                    case DatabaseProvider.Postgres:
                        store.UsePostgres(database.ConnectionString!);
                        break;
                    case DatabaseProvider.MariaDb:
                        // MySql.Data, the driver the EF provider brings along.
                        store.UseMySql(database.ConnectionString!);
                        break;
                    default:
                        store.UseSqlite(database.ConnectionString!);
                        break;
                }
                if (database.Provider != DatabaseProvider.Sqlite)
                {
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = TimeSpan.FromSeconds(10);
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(30);
                    });
                }
                store.ProvisionSchema();
            });
            foreach (var job in JobCatalog.All)
            {
                q.AddJob(job.JobType, j => j.WithIdentity(job.Key).WithDescription(job.Description).StoreDurably());
                q.AddTrigger(t => t.ForJob(job.Key).WithIdentity(job.Key)
                    .WithCronSchedule(options.Schedules.GetValueOrDefault(job.Key, job.DefaultCron), c => c.InTimeZone(zone)
                        .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            }
        });
        if (options.Enabled)
        {
            services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        }
        return services;
    }
}
