using Platform.Core.Common;

namespace Platform.Core.Jobs;

public enum RunStatus
{
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>
/// One run of a scheduled job, recorded by us beside Hangfire's own storage: who ran it where, how far it got, how it
/// ended, and the lines it logged. <see cref="OrganizationId"/> is set for runs done for one organization, which its
/// owners see in their portal.
/// </summary>
public sealed class JobRun : Entity
{
    public const int KeyMaxLength = 100;
    public const int LogMaxLength = 32_000;
    public const int ErrorMaxLength = 2_000;
    public const int StackMaxLength = 8_000;

    private JobRun()
    {
    }

    public JobRun(string jobKey, string trigger, DateTimeOffset? scheduledFor, string node, int attempt, Guid? organizationId, string? parameters,
        DateTimeOffset now)
    {
        JobKey = jobKey;
        Trigger = trigger;
        ScheduledFor = scheduledFor;
        Node = node;
        Attempt = attempt;
        OrganizationId = organizationId;
        Parameters = parameters;
        StartedAt = now;
        Status = RunStatus.Running;
        CorrelationId = Id.ToString("N")[..12];
    }

    public string JobKey { get; private set; } = "";
    /// <summary>The Hangfire background job this run is an attempt of (its id in Hangfire's storage).</summary>
    public string Trigger { get; private set; } = "";

    /// <summary>The occurrence the schedule called for (when the job was enqueued, for one run on demand); two occurrences never share it.</summary>
    public DateTimeOffset? ScheduledFor { get; private set; }
    public string Node { get; private set; } = "";

    /// <summary>1 for the first attempt, 2 and on for Hangfire's automatic retries of it.</summary>
    public int Attempt { get; private set; }
    public Guid? OrganizationId { get; private set; }

    /// <summary>What an on-demand run was asked for (a year, a charity), as the job's own short text.</summary>
    public string? Parameters { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }
    public RunStatus Status { get; private set; }
    public int ItemsDone { get; private set; }
    public int? ItemsTotal { get; private set; }
    public string? Error { get; private set; }
    public string? ErrorStack { get; private set; }

    /// <summary>Appears in every log line the run writes.</summary>
    public string CorrelationId { get; private set; } = "";
    public string Log { get; private set; } = "";

    public TimeSpan? Duration => EndedAt - StartedAt;

    public void Progress(int done, int? total)
    {
        ItemsDone = done;
        ItemsTotal = total;
    }

    public void Append(string lines)
    {
        var log = Log + lines;
        Log = log.Length <= LogMaxLength ? log : "…" + log[^(LogMaxLength - 1)..];
    }

    public void End(RunStatus status, DateTimeOffset at, Exception? error = null)
    {
        Status = status;
        EndedAt = at;
        if (error is not null)
        {
            Error = Clip(error.Message, ErrorMaxLength);
            ErrorStack = Clip(error.ToString(), StackMaxLength);
        }
    }

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];
}
