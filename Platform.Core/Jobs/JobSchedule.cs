using Platform.Core.Common;

namespace Platform.Core.Jobs;

/// <summary>
/// When a recurring job runs, kept by us rather than by the job engine: its cron (five fields), the time zone it is
/// read in, and whether staff paused it and why. The engine's recurring entry is rebuilt from this row at start and on
/// every change, so the engine can be replaced (or its storage emptied) without losing what staff decided.
/// </summary>
public sealed class JobSchedule : Entity
{
    public const int CronMaxLength = 100;
    public const int TimeZoneMaxLength = 64;
    public const int ReasonMaxLength = 400;
    public const int ChangedByMaxLength = 256;

    private JobSchedule()
    {
    }

    public JobSchedule(string jobKey, string cron, string timeZone, DateTimeOffset now)
    {
        JobKey = jobKey;
        Cron = cron;
        TimeZone = timeZone;
        ChangedAt = now;
    }

    public string JobKey { get; private set; } = "";
    public string Cron { get; private set; } = "";

    /// <summary>An IANA time zone id the cron is read in.</summary>
    public string TimeZone { get; private set; } = "UTC";
    public bool IsPaused { get; private set; }
    public string? PausedBecause { get; private set; }

    /// <summary>Who last changed the schedule (null for the defaults written at first start).</summary>
    public string? ChangedBy { get; private set; }
    public DateTimeOffset ChangedAt { get; private set; }

    public void Pause(string? reason, string? by, DateTimeOffset at)
    {
        IsPaused = true;
        PausedBecause = string.IsNullOrWhiteSpace(reason) ? null : Clip(reason.Trim(), ReasonMaxLength);
        Changed(by, at);
    }

    public void Resume(string? by, DateTimeOffset at)
    {
        IsPaused = false;
        PausedBecause = null;
        Changed(by, at);
    }

    /// <summary>A new cron and time zone, checked by the caller; a paused job stays paused.</summary>
    public void Reschedule(string cron, string timeZone, string? by, DateTimeOffset at)
    {
        Cron = cron;
        TimeZone = timeZone;
        Changed(by, at);
    }

    private void Changed(string? by, DateTimeOffset at)
    {
        ChangedBy = by is null ? null : Clip(by, ChangedByMaxLength);
        ChangedAt = at;
    }

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];
}
