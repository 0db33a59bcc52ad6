using System.Globalization;
using Platform.Core.Jobs;
using Platform.Core.Payouts;

namespace Platform.Web.Jobs;

/// <summary>
/// A recurring job: its key (also its Hangfire recurring job id and its JobSchedules row), what it does, its default schedule
/// (five-field cron) and the <see cref="PlatformJob"/> that runs it.
/// </summary>
public sealed record JobDefinition(string Key, string Name, string Description, string DefaultCron, Type JobType)
{
    /// <summary>The parameters staff may give a run on demand, by name, with what each means.</summary>
    public IReadOnlyList<JobParameter> Parameters { get; init; } = [];
}

/// <summary>
/// A parameter staff may give a run. <see cref="Check"/>, when set, says what is wrong with a value at a given time
/// (null when it is fine), so the trigger dialog refuses it under its field before anything runs.
/// </summary>
public sealed record JobParameter(string Name, string Label, string Hint, Func<string, DateTimeOffset, string?>? Check = null)
{
    /// <summary>A date (yyyy-MM-dd) a run is made "as of": today or earlier.</summary>
    public static JobParameter AsOf(string hint, Func<DateTimeOffset, DateTimeOffset, string?>? also = null) =>
        new(AsOfDate.Name, "As of (yyyy-MM-dd)", hint, (text, now) => AsOfDate.TryParse(text, out var asOf)
            ? also?.Invoke(asOf, now)
              ?? (asOf.UtcDateTime.Date > now.UtcDateTime.Date ? $"{text} is in the future; give today ({now:yyyy-MM-dd}) or an earlier date." : null)
            : "Give the date as yyyy-MM-dd, e.g. 2026-11-23.");
}

/// <summary>Every recurring job the platform runs.</summary>
public static class JobCatalog
{
    public const string TaxStatements = "tax-statements";
    public const string LedgerCheck = "ledger-check";
    public const string RecurringGifts = "recurring-gifts";
    public const string GiftReconcile = "gift-reconcile";
    public const string Payouts = "payouts";
    public const string TrialExpiry = "trial-expiry";
    public const string Backups = "backups";
    public const string Reports = "reports";

    public static IReadOnlyList<JobDefinition> All { get; } =
    [
        new(RecurringGifts, "Monthly gifts",
            "Charges monthly gifts that are due; a declined card is retried after 1, 3 and 7 days with an email each time, then suspended.",
            "0 6 * * *", typeof(RecurringGiftsJob))
        {
            Parameters = [JobParameter.AsOf("Charges the gifts due by this date, to catch up a missed day; today when empty.")],
        },
        new(GiftReconcile, "Gift reconcile",
            "Asks the gateway what became of gifts still pending after Giving:ReconcileAfter (5 minutes) and settles each as its confirmation would: succeeded with receipt and email, failed, or abandoned when it was never charged.",
            "* * * * *", typeof(GiftReconcileJob)),
        new(Payouts, "Payouts",
            "Pays every organization what it is owed for the past week, less a reserve; below the minimum it rolls over. Emails a PDF statement.",
            "0 3 * * MON", typeof(PayoutsJob))
        {
            Parameters = [JobParameter.AsOf("Pays the week before this date; today when empty. A week is paid once it has ended.", PayoutService.Refusal)],
        },
        new(TaxStatements, "Tax statements",
            "Issues last year's tax statements to every donor with tax-deductible gifts and emails them as PDF.",
            "0 2 15 1 *", typeof(TaxStatementsJob))
        {
            Parameters =
            [
                new(TaxStatementsJob.Year, "Year", "The tax year; last year when empty."),
                new(TaxStatementsJob.Charity, "Charity id", "Only this charity's statements."),
                new(TaxStatementsJob.Donor, "Donor email", "Only this donor's statements."),
            ],
        },
        new(Reports, "Monthly reports",
            "Emails every organization's owners last month's report (PDF with charts, and CSV), then staff the platform report.",
            "0 6 1 * *", typeof(ReportsJob))
        {
            Parameters =
            [
                new(ReportsJob.Month, "Month (yyyy-MM)", "The month to report; last month when empty."),
                new(PlatformJob.Organization, "Organization id", "Only this organization's report (no platform report)."),
            ],
        },
        new(TrialExpiry, "Trial expiry",
            "Reminds organizations on trial 7, 3 and 1 days before it ends, and expires (read-only) the ones whose trial has ended.",
            "0 1 * * *", typeof(TrialExpiryJob))
        {
            Parameters = [JobParameter.AsOf("Sends the reminders and expiries due on this date, to catch up a missed day; today when empty.")],
        },
        new(Backups, "Backups",
            "Backs up the database (SQLite online backup, or pg_dump), verifies it by restoring into a scratch database, keeps 7 daily, 4 weekly and 12 monthly.",
            "0 2 * * *", typeof(BackupsJob)),
        new(LedgerCheck, "Ledger check",
            "Verifies that every journal entry balances and the trial balance is zero; emails staff when it does not.",
            "30 4 * * *", typeof(LedgerCheckJob)),
    ];

    public static JobDefinition? Find(string key) => All.SingleOrDefault(j => j.Key == key);

    public static JobDefinition? Find(Type jobType) => All.SingleOrDefault(j => j.JobType == jobType);
}

/// <summary>The "as of" parameter runs share: a date, read as the start of that day in UTC.</summary>
public static class AsOfDate
{
    public const string Name = "asOf";

    public static bool TryParse(string? text, out DateTimeOffset asOf)
    {
        var parsed = DateTime.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
        asOf = parsed ? new DateTimeOffset(date, TimeSpan.Zero) : default;
        return parsed;
    }

    /// <summary>
    /// The run's "as of" instant: the given date (refused when it is not a date or is in the future, as the trigger
    /// dialog refuses it), or now when none was given.
    /// </summary>
    public static DateTimeOffset From(IReadOnlyDictionary<string, string> parameters, DateTimeOffset now)
    {
        if (!parameters.TryGetValue(Name, out var text))
        {
            return now;
        }
        if (!TryParse(text, out var asOf))
        {
            throw new JobRefusedException($"\"{text}\" is not a date (yyyy-MM-dd).");
        }
        if (asOf.UtcDateTime.Date > now.UtcDateTime.Date)
        {
            throw new JobRefusedException($"{text} is in the future; a run can be made as of today or an earlier date.");
        }
        return asOf.UtcDateTime.Date == now.UtcDateTime.Date ? now : asOf;
    }
}
