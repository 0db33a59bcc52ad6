using System.Text.Json;
using Cronos;
using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Core.Audit;
using Platform.Core.Common;
using Platform.Core.Data;
using Platform.Core.Jobs;
using Platform.Core.Tenancy;
using Platform.Web.Identity;

namespace Platform.Web.Jobs;

public sealed record RecurringJob(JobDefinition Definition, string Cron, string Schedule, string TimeZone, DateTimeOffset? NextFire,
    DateTimeOffset? PreviousFire, bool IsPaused, string? PausedBecause, JobRun? LastRun);

public sealed record RunFilter(string? JobKey = null, RunStatus? Status = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

public sealed record NodeView(string InstanceId, DateTimeOffset? LastCheckIn, string State, bool IsThisNode, IReadOnlyList<RunningFiring> Running);

public sealed record RunningFiring(string JobKey, DateTimeOffset Since, int? Percent, string? Message);

/// <summary>
/// What the admin jobs dashboard reads and does: the recurring jobs with our schedule, Hangfire's next and previous
/// occurrence and our last run of each; trigger now, pause, resume and reschedule (each audited); the runs with
/// filters; retry; and Hangfire's servers with what each is processing. Merchants read only their own organization's runs.
/// Only platform admins act: support staff read everything, as on Hangfire's own dashboard, and every write here refuses
/// anyone else, whichever page (or none) asked.
/// </summary>
public sealed class JobDashboard(
    JobStorage storage,
    IBackgroundJobClient jobs,
    IRecurringJobManager recurring,
    IPlatformDbFactory dbFactory,
    ITenantContext tenant,
    ICurrentActor actor,
    CurrentPrincipal principal,
    IAuditLog audit,
    TimeProvider clock)
{
    public const string OnlyAdminsAct = "Only platform admins can trigger, pause, resume, reschedule or retry jobs.";

    // Read afresh on every call, never kept: a circuit's signed-in user can change while the circuit lives.
    private bool CanAct => principal.User.IsInRole(PlatformRoles.PlatformAdmin);

    public async Task<IReadOnlyList<RecurringJob>> RecurringAsync(CancellationToken ct = default)
    {
        var lastRuns = await LastRunsAsync(ct);
        Dictionary<string, JobSchedule> schedules;
        await using (var db = await dbFactory.CreateAsync(ct))
        {
            schedules = await db.JobSchedules.AsNoTracking().ToDictionaryAsync(s => s.JobKey, ct);
        }
        using var connection = storage.GetConnection();
        var entries = connection.GetRecurringJobs(JobCatalog.All.Select(j => j.Key).ToList()).ToDictionary(r => r.Id);
        var now = clock.GetUtcNow();
        var jobs = new List<RecurringJob>();
        foreach (var definition in JobCatalog.All)
        {
            if (!schedules.TryGetValue(definition.Key, out var schedule))
            {
                continue; // not synced yet: the node is starting
            }
            var zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone);
            var entry = schedule.IsPaused ? null : entries.GetValueOrDefault(definition.Key);
            // A paused job has no Hangfire entry: its next time is what the cron would give, shown as "paused".
            var next = entry?.NextExecution is { } n ? new DateTimeOffset(n, TimeSpan.Zero) : Next(schedule.Cron, zone, now);
            // The last occurrence Hangfire's scheduler started (runs on demand are not occurrences; they show as the last run).
            DateTimeOffset? previous = entry?.LastExecution is { } p ? new DateTimeOffset(p, TimeSpan.Zero) : null;
            jobs.Add(new RecurringJob(definition, schedule.Cron, CronText.Describe(schedule.Cron), schedule.TimeZone, next, previous,
                schedule.IsPaused, schedule.PausedBecause, lastRuns.GetValueOrDefault(definition.Key)));
        }
        return jobs;
    }

    /// <summary>Enqueues a run now with the parameters its definition allows (blank ones are left out) and who asked.</summary>
    public async Task<Result> TriggerAsync(string key, IReadOnlyDictionary<string, string?>? parameters = null, CancellationToken ct = default)
    {
        if (!CanAct)
        {
            return Result.Fail(OnlyAdminsAct);
        }
        if (JobCatalog.Find(key) is not { } definition)
        {
            return Result.Fail("No such job.");
        }
        var data = new Dictionary<string, string>();
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
        jobs.Create(PlatformJob.Call(definition, data, actor.Actor.UserName), new EnqueuedState());
        await RecordAsync(AuditActions.JobTriggered, key, detail, ct);
        return Result.Ok;
    }

    /// <summary>Marks our schedule paused and removes Hangfire's recurring entry, so no node starts it until resumed.</summary>
    public async Task<Result> PauseAsync(string key, string? reason, CancellationToken ct = default) =>
        await ChangeAsync(key, s => s.Pause(reason, actor.Actor.UserName, clock.GetUtcNow()), AuditActions.JobPaused, reason, ct);

    /// <summary>Marks our schedule running again and puts Hangfire's recurring entry back from it.</summary>
    public async Task<Result> ResumeAsync(string key, CancellationToken ct = default) =>
        await ChangeAsync(key, s => s.Resume(actor.Actor.UserName, clock.GetUtcNow()), AuditActions.JobResumed, null, ct);

    /// <summary>
    /// Changes a job's cron (five fields, read by Cronos as Hangfire reads it) and, when given, its time zone; both are
    /// checked first, with the message under their field. A paused job stays paused.
    /// </summary>
    public async Task<Result> RescheduleAsync(string key, string cron, string? timeZone = null, CancellationToken ct = default)
    {
        if (!CanAct)
        {
            return Result.Fail(OnlyAdminsAct);
        }
        if (JobCatalog.Find(key) is null)
        {
            return Result.Fail("No such job.");
        }
        cron = string.Join(' ', (cron ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var fields = cron.Length == 0 ? 0 : cron.Split(' ').Length;
        if (fields != 5 || !TryParse(cron, out var expression))
        {
            return Result.Fail("Cron", fields is 6 or 7
                ? "That has seconds (six or seven fields, as the old scheduler took them). Give five fields: minute hour day-of-month month day-of-week, e.g. 0 3 * * MON."
                : "That is not a valid cron expression. Give five fields: minute hour day-of-month month day-of-week, e.g. 0 3 * * MON.");
        }
        TimeZoneInfo? zone = null;
        if (!string.IsNullOrWhiteSpace(timeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone.Trim(), out zone))
        {
            return Result.Fail("TimeZone", $"\"{timeZone.Trim()}\" is not a time zone this server knows. Give an IANA id such as UTC or Europe/Berlin.");
        }
        string? old = null;
        var result = await ChangeAsync(key, s =>
        {
            old = $"{s.Cron} {s.TimeZone}";
            var tz = zone?.Id ?? s.TimeZone;
            if (expression.GetNextOccurrence(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(tz)) is null)
            {
                return Result.Fail("Cron", "That schedule never fires again.");
            }
            s.Reschedule(cron, tz, actor.Actor.UserName, clock.GetUtcNow());
            return Result.Ok;
        }, AuditActions.JobRescheduled, null, ct, s => $"{old} → {s.Cron} {s.TimeZone}");
        return result;
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
        if (!CanAct)
        {
            return Result.Fail(OnlyAdminsAct);
        }
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

    /// <summary>Hangfire's servers on the shared storage, and the jobs each is processing with our run's progress.</summary>
    public async Task<IReadOnlyList<NodeView>> NodesAsync(CancellationToken ct = default)
    {
        var monitoring = storage.GetMonitoringApi();
        var servers = monitoring.Servers();
        var processing = monitoring.ProcessingJobs(0, 100).Where(p => p.Value is not null).ToList();
        var jobIds = processing.Select(p => p.Key).ToList();
        Dictionary<string, JobRun> runs;
        await using (var db = await dbFactory.CreateAsync(ct))
        {
            var rows = await db.JobRuns.AsNoTracking().Where(r => jobIds.Contains(r.Trigger) && r.Status == RunStatus.Running).ToListAsync(ct);
            runs = rows.GroupBy(r => r.Trigger).ToDictionary(g => g.Key, g => g.MaxBy(r => r.StartedAt)!);
        }
        RunningFiring Firing(string jobId, Hangfire.Storage.Monitoring.ProcessingJobDto job)
        {
            var run = runs.GetValueOrDefault(jobId);
            var definition = job.Job is { } call ? JobCatalog.Find(call.Type) : null;
            return new RunningFiring(definition?.Key ?? job.Job?.Type.Name ?? jobId,
                job.StartedAt is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : clock.GetUtcNow(),
                run is { ItemsTotal: > 0 and var total } ? Math.Clamp(run.ItemsDone * 100 / total, 0, 100) : null,
                run is { ItemsTotal: > 0 } ? $"{run.ItemsDone} of {run.ItemsTotal}" : null);
        }
        return servers.Select(s => new NodeView(s.Name, s.Heartbeat is { } h ? new DateTimeOffset(h, TimeSpan.Zero) : null,
                $"{s.WorkersCount} workers on {string.Join(", ", s.Queues)}", s.Name.StartsWith(JobNode.Name, StringComparison.Ordinal),
                processing.Where(p => p.Value.ServerId == s.Name).Select(p => Firing(p.Key, p.Value)).ToList()))
            .ToList();
    }

    private async Task<Result> ChangeAsync(string key, Func<JobSchedule, Result> change, string action, string? detail, CancellationToken ct,
        Func<JobSchedule, string>? describe = null)
    {
        if (!CanAct)
        {
            return Result.Fail(OnlyAdminsAct);
        }
        if (JobCatalog.Find(key) is null)
        {
            return Result.Fail("No such job.");
        }
        await using var db = await dbFactory.CreateAsync(ct);
        if (await db.JobSchedules.SingleOrDefaultAsync(s => s.JobKey == key, ct) is not { } schedule)
        {
            return Result.Fail("The schedule is not there yet: the app is still starting.");
        }
        var result = change(schedule);
        if (!result.Succeeded)
        {
            return result;
        }
        await db.SaveChangesAsync(ct);
        JobScheduleSync.Apply(recurring, schedule);
        await RecordAsync(action, key, describe?.Invoke(schedule) ?? detail, ct);
        return Result.Ok;
    }

    private Task<Result> ChangeAsync(string key, Action<JobSchedule> change, string action, string? detail, CancellationToken ct) =>
        ChangeAsync(key, s =>
        {
            change(s);
            return Result.Ok;
        }, action, detail, ct);

    private static bool TryParse(string cron, out CronExpression expression)
    {
        try
        {
            expression = CronExpression.Parse(cron, CronFormat.Standard);
            return true;
        }
        catch (CronFormatException)
        {
            expression = null!;
            return false;
        }
    }

    private static DateTimeOffset? Next(string cron, TimeZoneInfo zone, DateTimeOffset now) =>
        TryParse(cron, out var expression) ? expression.GetNextOccurrence(now, zone) : null;

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
