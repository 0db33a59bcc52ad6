namespace Platform.Web.Jobs;

/// <summary>The "Jobs" configuration section.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Run the scheduler in this process. Off, the dashboard still reads and edits the shared schedule.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The time zone cron schedules are read in (an IANA id).</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>How many jobs run at once on this node.</summary>
    public int Threads { get; set; } = 4;

    /// <summary>How often an idle node polls the store for due triggers (Quartz's default is 30 s).</summary>
    public int IdleWaitSeconds { get; set; } = 5;

    /// <summary>
    /// Cron schedules by job key, overriding the defaults in <see cref="JobCatalog"/>. They apply when a job is first
    /// scheduled; later changes are made by staff on the dashboard and kept in the database.
    /// </summary>
    public Dictionary<string, string> Schedules { get; set; } = [];
}
