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
    /// On Redis, how long a fetched job may go unfinished before another node takes it again: the only way a job whose
    /// node died (killed, its machine lost) is run at all, since Redis has no transaction to roll the fetch back. Short,
    /// a dead node's job resumes soon; but a job still running after this long on a live node is handed to a second
    /// worker too. That is tolerated, not wanted: Hangfire cancels the first attempt (the job is now the second
    /// worker's), the second waits for the first to let go of the job's lock (<see cref="PlatformJob"/>'s
    /// DisableConcurrentExecution, up to a minute, else it fails and is retried later), and a payout run books each payee
    /// once (a unique payee-period row) and sends it under that row's reference as the gateway's idempotency key, so the
    /// second run finishes what the first left. Hangfire's default, 30 minutes, is kept: longer than any run.
    /// </summary>
    public int RedisInvisibilitySeconds { get; set; } = 1800;

    /// <summary>
    /// Cron schedules by job key, overriding the defaults in <see cref="JobCatalog"/>. They apply when a job is first
    /// scheduled; later changes are made by staff on the dashboard and kept in the JobSchedules table. Five fields
    /// (minute hour day-of-month month day-of-week); a six- or seven-field cron with seconds first is converted.
    /// </summary>
    public Dictionary<string, string> Schedules { get; set; } = [];
}
