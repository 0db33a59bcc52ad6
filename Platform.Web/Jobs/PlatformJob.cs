using System.Reflection;
using System.Text.Json;
using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Data;
using Platform.Core.Jobs;
using Platform.Core.Messaging;
using Platform.Web.Messaging;

namespace Platform.Web.Jobs;

/// <summary>
/// What every scheduled job shares, as one Hangfire job method taking its arguments (never a request): a DI scope per
/// run, a <see cref="JobRun"/> row recorded from start to end with progress and log lines, a logging scope carrying the
/// run's correlation id, and failures rethrown to Hangfire after they are recorded, so the job's own
/// <see cref="AutomaticRetryAttribute"/> applies. Staff get an email when the last attempt fails. One run of a job at a
/// time across every node: the lock is Hangfire's, taken in its storage. Subclasses call one Core service.
/// </summary>
[DisableConcurrentExecution(timeoutInSeconds: 60)]
public abstract class PlatformJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger)
{
    protected TimeProvider Clock => clock;

    /// <summary>The organization a run is for, when it is for one; set by on-demand runs and per-tenant jobs.</summary>
    public const string Organization = "organization";

    /// <summary>The job as Hangfire stores it: this job type's <see cref="RunAsync"/> with the given arguments.</summary>
    public static Job Call(JobDefinition definition, IReadOnlyDictionary<string, string>? parameters = null, string? requestedBy = null) =>
        new(definition.JobType, RunMethod, new Dictionary<string, string>(parameters ?? new Dictionary<string, string>()), requestedBy, null, CancellationToken.None);

    private static readonly MethodInfo RunMethod = typeof(PlatformJob).GetMethod(nameof(RunAsync))!;

    /// <summary>
    /// One attempt. <paramref name="context"/> and <paramref name="cancellationToken"/> are Hangfire's own (it passes
    /// them in place of the null and the token stored with the job).
    /// </summary>
    public async Task RunAsync(Dictionary<string, string> parameters, string? requestedBy, PerformContext? context, CancellationToken cancellationToken)
    {
        var key = JobCatalog.Find(GetType())?.Key ?? GetType().Name;
        parameters = parameters.Where(p => p.Value is { Length: > 0 }).ToDictionary();
        Guid? organization = parameters.TryGetValue(Organization, out var o) && Guid.TryParse(o, out var id) ? id : null;
        var retries = context?.GetJobParameter<int>("RetryCount") ?? 0;
        var occurrence = context?.GetJobParameter<long?>("Time") is { } time ? DateTimeOffset.FromUnixTimeSeconds(time) : (DateTimeOffset?)null;
        var run = new JobRun(key, context?.BackgroundJob.Id ?? "", occurrence ?? context?.BackgroundJob.CreatedAt, context?.ServerId ?? Environment.MachineName,
            retries + 1, organization, parameters.Count == 0 ? null : JsonSerializer.Serialize(parameters), clock.GetUtcNow());

        await using var scope = scopes.CreateAsyncScope();
        var recorder = new RunRecorder(run, scopes, clock, logger);
        await recorder.StartAsync();
        using var _ = logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = run.CorrelationId, ["Job"] = key });
        logger.LogInformation("Job {Job} run {RunId} started on {Node} (attempt {Attempt}{RequestedBy})", key, run.Id, run.Node, run.Attempt,
            requestedBy is null ? "" : $", asked by {requestedBy}");
        try
        {
            await RunAsync(scope.ServiceProvider, parameters, recorder, cancellationToken);
            await recorder.EndAsync(RunStatus.Succeeded);
            logger.LogInformation("Job {Job} run {RunId} succeeded", key, run.Id);
        }
        catch (JobRefusedException e)
        {
            // Asked for something that may not be done (a week not ended yet): recorded with why, and not rethrown, so
            // Hangfire does not retry what would be refused the same way.
            await recorder.EndAsync(RunStatus.Failed, e);
            logger.LogWarning("Job {Job} run {RunId} was refused: {Reason}", key, run.Id, e.Message);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            // The node is stopping: Hangfire hands the job to another worker later.
            await recorder.EndAsync(RunStatus.Cancelled, e);
            logger.LogWarning("Job {Job} run {RunId} was cancelled", key, run.Id);
            throw;
        }
        catch (Exception e)
        {
            await recorder.EndAsync(RunStatus.Failed, e);
            logger.LogError(e, "Job {Job} run {RunId} failed", key, run.Id);
            if (retries >= Attempts)
            {
                // No attempt left: a person has to look.
                await scope.ServiceProvider.GetRequiredService<StaffAlerts>().SendAsync(new StaffAlertEmail(
                    $"Job {key} failed", $"Run {run.Id} on {run.Node}, attempt {run.Attempt} of {Attempts + 1}:\n{e.Message}",
                    scope.ServiceProvider.GetRequiredService<IAppLinks>().AdminJobRun(run.Id)), CancellationToken.None);
            }
            throw;
        }
    }

    /// <summary>How many times Hangfire retries a failed run of this job (its <see cref="AutomaticRetryAttribute"/>).</summary>
    public int Attempts => GetType().GetCustomAttribute<AutomaticRetryAttribute>()?.Attempts ?? AutomaticRetryAttribute.DefaultRetryAttempts;

    /// <summary>The work: resolve a Core service from <paramref name="services"/> and call it.</summary>
    protected abstract Task RunAsync(IServiceProvider services, IReadOnlyDictionary<string, string> parameters, IJobProgress progress,
        CancellationToken cancellationToken);
}

/// <summary>
/// Keeps a run's row current: progress and log lines are gathered in memory and written at most once a second on a
/// context of its own (never the job's), so every node's view of what is running shows them.
/// </summary>
internal sealed class RunRecorder(JobRun run, IServiceScopeFactory scopes, TimeProvider clock, ILogger logger) : IJobProgress
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
        if (run.Trigger.Length > 0)
        {
            // An earlier attempt of this very job still "running" is one whose node died (or was cut off) mid-run, since
            // one attempt runs at a time: it ends here, saying so, rather than staying "running" for ever.
            foreach (var orphan in await db.JobRuns.Where(r => r.JobKey == run.JobKey && r.Trigger == run.Trigger && r.Status == RunStatus.Running).ToListAsync())
            {
                orphan.End(RunStatus.Failed, clock.GetUtcNow(), new JobRefusedException(
                    $"Its node ({orphan.Node}) stopped before the run ended; attempt {run.Attempt} on {run.Node} took the job over."));
            }
        }
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
