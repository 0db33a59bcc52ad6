using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Audit;
using Platform.Core.Common;
using Platform.Core.Data;
using Platform.Core.Jobs;
using Platform.Core.Tenancy;
using Quartz;

namespace Platform.Web.Jobs;

public sealed record RecurringJob(JobDefinition Definition, string Cron, string Schedule, string TimeZone, DateTimeOffset? NextFire,
    DateTimeOffset? PreviousFire, bool IsPaused, string? PausedBecause, JobRun? LastRun);

public sealed record RunFilter(string? JobKey = null, RunStatus? Status = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

public sealed record NodeView(string InstanceId, DateTimeOffset? LastCheckIn, string State, bool IsThisNode, IReadOnlyList<RunningFiring> Running);

public sealed record RunningFiring(string JobKey, DateTimeOffset Since, int? Percent, string? Message);

/// <summary>
/// What the admin jobs dashboard reads and does: the recurring jobs with their Quartz schedules and our last run of
/// each; trigger now, pause, resume and reschedule (each audited); the runs with filters; retry; and the cluster's nodes
/// with what each is running. Merchants read only their own organization's runs.
/// </summary>
public sealed class JobDashboard(
    ISchedulerFactory schedulers,
    IPlatformDbFactory dbFactory,
    ITenantContext tenant,
    ICurrentActor actor,
    IAuditLog audit,
    JobsOptions options,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<RecurringJob>> RecurringAsync(CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var lastRuns = await LastRunsAsync(ct);
        var jobs = new List<RecurringJob>();
        foreach (var definition in JobCatalog.All)
        {
            var trigger = await scheduler.GetTrigger(new TriggerKey(definition.Key), ct) as ICronTrigger;
            var state = trigger is null ? TriggerState.None : await scheduler.GetTriggerState(trigger.Key, ct);
            var pause = state == TriggerState.Paused ? await scheduler.GetTriggerPause(trigger!.Key, ct) : null;
            var cron = trigger?.CronExpressionString ?? definition.DefaultCron;
            jobs.Add(new RecurringJob(definition, cron, CronText.Describe(cron), trigger?.TimeZone.Id ?? options.TimeZone,
                trigger?.NextFireTimeUtc, trigger?.PreviousFireTimeUtc, state == TriggerState.Paused, pause?.Reason,
                lastRuns.GetValueOrDefault(definition.Key)));
        }
        return jobs;
    }

    /// <summary>Runs a job now, with the parameters its definition allows (blank ones are left out).</summary>
    public async Task<Result> TriggerAsync(string key, IReadOnlyDictionary<string, string?>? parameters = null, CancellationToken ct = default)
    {
        if (JobCatalog.Find(key) is not { } definition)
        {
            return Result.Fail("No such job.");
        }
        var data = new JobDataMap();
        foreach (var (name, value) in parameters ?? new Dictionary<string, string?>())
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }
            if (definition.Parameters.SingleOrDefault(p => p.Name == name) is not { } parameter)
            {
                return Result.Fail(name, $"{definition.Name} takes no parameter \"{name}\".");
            }
            if (parameter.Check?.Invoke(value.Trim(), clock.GetUtcNow()) is { } wrong)
            {
                return Result.Fail(name, wrong);
            }
            data[name] = value.Trim();
        }
        var detail = data.Count == 0 ? null : string.Join(", ", data.Select(p => $"{p.Key}={p.Value}"));
        var scheduler = await schedulers.GetScheduler(ct);
        await scheduler.TriggerJob(new JobKey(key), data, ct);
        await RecordAsync(AuditActions.JobTriggered, key, detail, ct);
        return Result.Ok;
    }

    public async Task<Result> PauseAsync(string key, string? reason, CancellationToken ct = default)
    {
        if (JobCatalog.Find(key) is null)
        {
            return Result.Fail("No such job.");
        }
        var scheduler = await schedulers.GetScheduler(ct);
        await scheduler.PauseJobWith(new JobKey(key), new PauseDetails { Reason = reason?.Trim(), RequestedBy = actor.Actor.UserName }, ct);
        await RecordAsync(AuditActions.JobPaused, key, reason, ct);
        return Result.Ok;
    }

    public async Task<Result> ResumeAsync(string key, CancellationToken ct = default)
    {
        if (JobCatalog.Find(key) is null)
        {
            return Result.Fail("No such job.");
        }
        var scheduler = await schedulers.GetScheduler(ct);
        await scheduler.ResumeJob(new JobKey(key), ct);
        await RecordAsync(AuditActions.JobResumed, key, null, ct);
        return Result.Ok;
    }

    /// <summary>Changes a job's schedule. The cron expression is validated first; a paused job stays paused.</summary>
    public async Task<Result> RescheduleAsync(string key, string cron, CancellationToken ct = default)
    {
        if (JobCatalog.Find(key) is null)
        {
            return Result.Fail("No such job.");
        }
        cron = cron?.Trim() ?? "";
        if (!CronExpression.TryParse(cron, out _))
        {
            return Result.Fail("Cron", "That is not a valid cron expression. Quartz uses six fields: seconds minutes hours day-of-month month day-of-week, e.g. 0 0 3 ? * MON.");
        }
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        var scheduler = await schedulers.GetScheduler(ct);
        var key_ = new TriggerKey(key);
        var old = await scheduler.GetTrigger(key_, ct);
        var wasPaused = old is not null && await scheduler.GetTriggerState(key_, ct) == TriggerState.Paused;
        var trigger = TriggerBuilder.Create().WithIdentity(key_).ForJob(key)
            .WithCronSchedule(cron, c => c.InTimeZone((old as ICronTrigger)?.TimeZone ?? zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
        if (trigger.GetFireTimeAfter(clock.GetUtcNow()) is null)
        {
            return Result.Fail("Cron", "That schedule never fires again.");
        }
        await scheduler.RescheduleJob(key_, trigger, ct);
        if (wasPaused)
        {
            await scheduler.PauseTrigger(key_, ct);
        }
        await RecordAsync(AuditActions.JobRescheduled, key, $"{(old as ICronTrigger)?.CronExpressionString} → {cron}", ct);
        return Result.Ok;
    }

    public async Task<Page<JobRun>> RunsAsync(RunFilter filter, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        return await PageAsync(Filter(db.JobRuns.AsNoTracking(), filter), page, ct);
    }

    /// <summary>The current organization's runs (its reports, its payouts), for its own portal.</summary>
    public async Task<Page<JobRun>> OrganizationRunsAsync(RunFilter filter, PageRequest page, CancellationToken ct = default)
    {
        if (tenant.OrganizationId is not { } organization)
        {
            return Page<JobRun>.Empty;
        }
        await using var db = await dbFactory.CreateAsync(ct);
        return await PageAsync(Filter(db.JobRuns.AsNoTracking().Where(r => r.OrganizationId == organization), filter), page, ct);
    }

    public async Task<JobRun?> RunAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        return await db.JobRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
    }

    /// <summary>Runs a failed or cancelled run's job again with the same parameters.</summary>
    public async Task<Result> RetryAsync(Guid runId, CancellationToken ct = default)
    {
        var run = await RunAsync(runId, ct);
        if (run is null)
        {
            return Result.Fail("No such run.");
        }
        if (run.Status is not (RunStatus.Failed or RunStatus.Cancelled))
        {
            return Result.Fail("Only failed or cancelled runs can be retried.");
        }
        var parameters = run.Parameters is null ? null : JsonSerializer.Deserialize<Dictionary<string, string?>>(run.Parameters);
        return await TriggerAsync(run.JobKey, parameters, ct);
    }

    public async Task<IReadOnlyList<NodeView>> NodesAsync(CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var nodes = await scheduler.QueryClusterNodes(ct);
        var running = (await scheduler.QueryFireInstances(new FireInstanceQuery(), ct)).Items;
        return nodes.Select(n => new NodeView(n.InstanceId, n.LastCheckInUtc, n.State.ToString(), n.IsCurrentNode,
            running.Where(f => f.SchedulerInstanceId == n.InstanceId)
                .Select(f => new RunningFiring(f.JobKey?.Name ?? f.TriggerKey.Name, f.FireTimeUtc, f.Progress, f.ProgressMessage)).ToList()))
            .ToList();
    }

    private static IQueryable<JobRun> Filter(IQueryable<JobRun> runs, RunFilter filter)
    {
        if (filter.JobKey is { Length: > 0 } key)
        {
            runs = runs.Where(r => r.JobKey == key);
        }
        if (filter.Status is { } status)
        {
            runs = runs.Where(r => r.Status == status);
        }
        if (filter.From is { } from)
        {
            runs = runs.Where(r => r.StartedAt >= from);
        }
        if (filter.To is { } to)
        {
            runs = runs.Where(r => r.StartedAt < to);
        }
        return runs;
    }

    private static async Task<Page<JobRun>> PageAsync(IQueryable<JobRun> runs, PageRequest page, CancellationToken ct)
    {
        var total = await runs.CountAsync(ct);
        var items = await runs.OrderByDescending(r => r.StartedAt).Skip(page.SafeSkip).Take(page.SafeTake).ToListAsync(ct);
        return new Page<JobRun>(items, total, page.SafeSkip, page.SafeTake);
    }

    private async Task<Dictionary<string, JobRun>> LastRunsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var keys = JobCatalog.All.Select(j => j.Key).ToList();
        var latest = await db.JobRuns.AsNoTracking().Where(r => keys.Contains(r.JobKey))
            .GroupBy(r => r.JobKey).Select(g => g.Max(r => r.StartedAt)).ToListAsync(ct);
        var runs = await db.JobRuns.AsNoTracking().Where(r => keys.Contains(r.JobKey) && latest.Contains(r.StartedAt)).ToListAsync(ct);
        return runs.GroupBy(r => r.JobKey).ToDictionary(g => g.Key, g => g.MaxBy(r => r.StartedAt)!);
    }

    private Task RecordAsync(string action, string key, string? detail, CancellationToken ct)
    {
        var who = actor.Actor;
        return audit.RecordAsync(action, who.UserId, who.UserName, detail is null ? key : $"{key}: {detail}", null, ct);
    }
}
