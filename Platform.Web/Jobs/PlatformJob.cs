using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Data;
using Platform.Core.Jobs;
using Platform.Core.Messaging;
using Platform.Web.Messaging;
using Quartz;

namespace Platform.Web.Jobs;

/// <summary>
/// What every scheduled job shares: a DI scope per run, a <see cref="JobRun"/> row recorded from start to end with
/// progress and log lines, a logging scope carrying the run's correlation id, and failures handed back to Quartz (so
/// the retry policy the job declares applies) after they are recorded. Subclasses call one Core service.
/// </summary>
[DisallowConcurrentExecution]
public abstract class PlatformJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger) : IJob
{
    protected TimeProvider Clock => clock;

    /// <summary>The organization a run is for, when it is for one; set by on-demand runs and per-tenant jobs.</summary>
    public const string Organization = "organization";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var key = context.JobDetail.Key.Name;
        var parameters = context.MergedJobDataMap
            .Where(p => p.Value is string { Length: > 0 } && !p.Key.StartsWith("QRTZ_", StringComparison.Ordinal)) // Quartz's own markers
            .ToDictionary(p => p.Key, p => (string)p.Value!);
        Guid? organization = parameters.TryGetValue(Organization, out var o) && Guid.TryParse(o, out var id) ? id : null;
        var run = new JobRun(key, context.Trigger.Key.Name, context.ScheduledFireTimeUtc, await context.Scheduler.GetSchedulerInstanceId(cancellationToken),
            context.RetryAttempt + 1, organization, parameters.Count == 0 ? null : JsonSerializer.Serialize(parameters), clock.GetUtcNow());

        await using var scope = scopes.CreateAsyncScope();
        var recorder = new RunRecorder(run, scopes, clock, logger, context);
        await recorder.StartAsync();
        using var _ = logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = run.CorrelationId, ["Job"] = key });
        logger.LogInformation("Job {Job} run {RunId} started on {Node} (attempt {Attempt})", key, run.Id, run.Node, run.Attempt);
        try
        {
            await RunAsync(scope.ServiceProvider, parameters, recorder, cancellationToken);
            await recorder.EndAsync(RunStatus.Succeeded);
            logger.LogInformation("Job {Job} run {RunId} succeeded", key, run.Id);
        }
        catch (JobRefusedException e)
        {
            // Asked for something that may not be done (a week not ended yet): recorded with why, not retried.
            await recorder.EndAsync(RunStatus.Failed, e);
            logger.LogWarning("Job {Job} run {RunId} was refused: {Reason}", key, run.Id, e.Message);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            await recorder.EndAsync(RunStatus.Cancelled, e);
            logger.LogWarning("Job {Job} run {RunId} was cancelled", key, run.Id);
        }
        catch (Exception e)
        {
            await recorder.EndAsync(RunStatus.Failed, e);
            logger.LogError(e, "Job {Job} run {RunId} failed", key, run.Id);
            var policy = context.RetryPolicy;
            if (policy is null || context.RetryAttempt >= policy.MaxAttempts)
            {
                // No attempt left: a person has to look.
                await scope.ServiceProvider.GetRequiredService<StaffAlerts>().SendAsync(new StaffAlertEmail(
                    $"Job {key} failed", $"Run {run.Id} on {run.Node}, attempt {run.Attempt}:\n{e.Message}",
                    scope.ServiceProvider.GetRequiredService<IAppLinks>().AdminJobRun(run.Id)), CancellationToken.None);
            }
            throw new JobExecutionException(e.Message, e);
        }
    }

    /// <summary>The work: resolve a Core service from <paramref name="services"/> and call it.</summary>
    protected abstract Task RunAsync(IServiceProvider services, IReadOnlyDictionary<string, string> parameters, IJobProgress progress,
        CancellationToken cancellationToken);
}

/// <summary>
/// Keeps a run's row current: progress and log lines are gathered in memory and written at most once a second on a
/// context of its own (never the job's), and reported to Quartz so every node's view of running firings shows it.
/// </summary>
internal sealed class RunRecorder(JobRun run, IServiceScopeFactory scopes, TimeProvider clock, ILogger logger, IJobExecutionContext context)
    : IJobProgress
{
    private static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private readonly System.Text.StringBuilder _pending = new();
    private readonly SemaphoreSlim _writing = new(1, 1);
    private int _done;
    private int? _total;
    private long _lastFlush;

    public void Total(int items)
    {
        _total = items;
        Report();
    }

    public void Done(int items = 1)
    {
        Interlocked.Add(ref _done, items);
        Report();
    }

    public void Log(string message)
    {
        logger.LogInformation("{Message}", message);
        lock (_gate)
        {
            _pending.Append(clock.GetUtcNow().ToString("HH:mm:ss")).Append(' ').Append(message).Append('\n');
        }
        Report();
    }

    public async Task StartAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        db.JobRuns.Add(run);
        await db.SaveChangesAsync();
        _lastFlush = clock.GetTimestamp();
    }

    public async Task EndAsync(RunStatus status, Exception? error = null)
    {
        await FlushAsync(end: (status, error));
    }

    private void Report()
    {
        var done = Volatile.Read(ref _done);
        if (_total is > 0 and var total)
        {
            context.ReportProgress(Math.Clamp(done * 100 / total, 0, 100), $"{done} of {total}");
        }
        if (clock.GetElapsedTime(Interlocked.Read(ref _lastFlush)) >= FlushEvery)
        {
            Interlocked.Exchange(ref _lastFlush, clock.GetTimestamp());
            // Off the job's own flow: a slow write never slows the work, and a failed one is only logged.
            _ = Task.Run(() => FlushAsync(end: null));
        }
    }

    private async Task FlushAsync((RunStatus Status, Exception? Error)? end)
    {
        await _writing.WaitAsync();
        try
        {
            string lines;
            lock (_gate)
            {
                lines = _pending.ToString();
                _pending.Clear();
            }
            await using var scope = scopes.CreateAsyncScope();
            await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
            var row = await db.JobRuns.SingleAsync(r => r.Id == run.Id);
            row.Progress(Volatile.Read(ref _done), _total);
            if (lines.Length > 0)
            {
                row.Append(lines);
            }
            if (end is { } e)
            {
                row.End(e.Status, clock.GetUtcNow(), e.Error);
            }
            await db.SaveChangesAsync();
        }
        catch (Exception e) when (end is null)
        {
            logger.LogWarning(e, "Progress of run {RunId} could not be recorded", run.Id);
        }
        finally
        {
            _writing.Release();
        }
    }
}
