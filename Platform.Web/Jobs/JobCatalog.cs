using Platform.Core.Jobs;

namespace Platform.Web.Jobs;

/// <summary>A recurring job: its key (also its Quartz job and trigger name), what it does, and its default schedule.</summary>
public sealed record JobDefinition(string Key, string Name, string Description, string DefaultCron, Type JobType)
{
    /// <summary>The parameters staff may give a run on demand, by name, with what each means.</summary>
    public IReadOnlyList<JobParameter> Parameters { get; init; } = [];
}

public sealed record JobParameter(string Name, string Label, string Hint);

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
            "0 0 6 * * ?", typeof(RecurringGiftsJob)),
        new(GiftReconcile, "Gift reconcile",
            "Asks the gateway what became of gifts still pending after Giving:ReconcileAfter (5 minutes) and settles each as its confirmation would: succeeded with receipt and email, failed, or abandoned when it was never charged.",
            "0 * * * * ?", typeof(GiftReconcileJob)),
        new(Payouts, "Payouts",
            "Pays every organization what it is owed for the past week, less a reserve; below the minimum it rolls over. Emails a PDF statement.",
            "0 0 3 ? * MON", typeof(PayoutsJob))
        {
            Parameters = [new(PayoutsJob.AsOf, "As of (yyyy-MM-dd)", "Pays the week before this date; today when empty.")],
        },
        new(TaxStatements, "Tax statements",
            "Issues last year's tax statements to every donor with tax-deductible gifts and emails them as PDF.",
            "0 0 2 15 1 ?", typeof(TaxStatementsJob))
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
            "0 0 6 1 * ?", typeof(ReportsJob))
        {
            Parameters =
            [
                new(ReportsJob.Month, "Month (yyyy-MM)", "The month to report; last month when empty."),
                new(PlatformJob.Organization, "Organization id", "Only this organization's report (no platform report)."),
            ],
        },
        new(TrialExpiry, "Trial expiry",
            "Reminds organizations on trial 7, 3 and 1 days before it ends, and expires (read-only) the ones whose trial has ended.",
            "0 0 1 * * ?", typeof(TrialExpiryJob)),
        new(Backups, "Backups",
            "Backs up the database (SQLite online backup, or pg_dump), verifies it by restoring into a scratch database, keeps 7 daily, 4 weekly and 12 monthly.",
            "0 0 2 * * ?", typeof(BackupsJob)),
        new(LedgerCheck, "Ledger check",
            "Verifies that every journal entry balances and the trial balance is zero; emails staff when it does not.",
            "0 30 4 * * ?", typeof(LedgerCheckJob)),
    ];

    public static JobDefinition? Find(string key) => All.SingleOrDefault(j => j.Key == key);
}
