using Hangfire;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Data;
using Platform.Core.Jobs;

namespace Platform.Web.Jobs;

/// <summary>
/// At start: every catalogue job gets its <see cref="JobSchedule"/> row the first time (configured or default cron,
/// the configured time zone), and Hangfire's recurring entries are rebuilt from the rows, the stored row winning over
/// configuration from then on. A paused job has no recurring entry: Hangfire 1.8 cannot pause one, so pausing is ours.
/// </summary>
public sealed class JobScheduleSync(IServiceScopeFactory scopes, IRecurringJobManager recurring, JobsOptions options, TimeProvider clock,
    ILogger<JobScheduleSync> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var schedule in await EnsureRowsAsync(cancellationToken))
        {
            Apply(recurring, schedule);
        }
        logger.LogInformation("Recurring jobs synced from the schedule table");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Hangfire's recurring entry for a schedule: added or replaced when it runs, removed while it is paused.</summary>
    public static void Apply(IRecurringJobManager recurring, JobSchedule schedule)
    {
        if (schedule.IsPaused)
        {
            recurring.RemoveIfExists(schedule.JobKey);
            return;
        }
        var definition = JobCatalog.Find(schedule.JobKey)!;
        recurring.AddOrUpdate(schedule.JobKey, PlatformJob.Call(definition), schedule.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone) });
    }

    private async Task<List<JobSchedule>> EnsureRowsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>();
        await using (var db = await factory.CreateAsync(ct))
        {
            var known = await db.JobSchedules.Select(s => s.JobKey).ToListAsync(ct);
            foreach (var job in JobCatalog.All.Where(j => !known.Contains(j.Key)))
            {
                var cron = CronText.ToFiveFields(options.Schedules.GetValueOrDefault(job.Key, job.DefaultCron));
                db.JobSchedules.Add(new JobSchedule(job.Key, cron, options.TimeZone, clock.GetUtcNow()));
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e)
            {
                // Another node wrote the same first rows at the same moment; theirs are as good as ours.
                logger.LogInformation(e, "Job schedules were written by another node");
            }
        }
        await using var read = await factory.CreateAsync(ct);
        return await read.JobSchedules.AsNoTracking().ToListAsync(ct);
    }
}
