namespace Platform.Web.Jobs;

/// <summary>The "Jobs" configuration section.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>
    /// Process jobs on this node (a Hangfire server). Off, the node still enqueues, and its dashboard still reads and edits
    /// the shared schedule; the jobs run on the nodes where it is on.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The time zone cron schedules are read in (an IANA id), for jobs scheduled the first time.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>How many jobs run at once on this node (Hangfire workers).</summary>
    public int Workers { get; set; } = 4;

    /// <summary>How often a node looks for due recurring and delayed jobs, and the SQLite storage for queued ones.</summary>
    public int PollSeconds { get; set; } = 1;

    /// <summary>What every Hangfire key in Redis starts with; the braces keep them in one slot of a Redis cluster.</summary>
    public string RedisPrefix { get; set; } = "{platform}:";

    /// <summary>
    /// Cron schedules by job key, overriding the defaults in <see cref="JobCatalog"/>. They apply when a job is first
    /// scheduled; later changes are made by staff on the dashboard and kept in the JobSchedules table. Five fields
    /// (minute hour day-of-month month day-of-week); a six- or seven-field cron with seconds first is converted.
    /// </summary>
    public Dictionary<string, string> Schedules { get; set; } = [];
}
