using Platform.Core.Common;
using Platform.Core.Documents;
using Platform.Core.Tenancy;

namespace Platform.Core.Payouts;

public enum PayoutStatus
{
    /// <summary>Booked in the ledger; the money is on its way out through the gateway.</summary>
    Pending,
    Paid,

    /// <summary>Below the minimum: nothing was sent; the balance waits for the next period.</summary>
    RolledOver,
}

/// <summary>
/// What one payee was paid for one period, in one currency. Unique per payee, period and currency, so a period is paid
/// once however often the job runs; the ledger entries it books carry the same key.
/// </summary>
public sealed class Payout : Entity, ITenantOwned
{
    private Payout()
    {
    }

    public Payout(Guid organizationId, string periodKey, DateTimeOffset periodStart, DateTimeOffset periodEnd, string currency,
        PayoutFigures figures, bool rolledOver, DateTimeOffset now)
    {
        OrganizationId = organizationId;
        PeriodKey = periodKey;
        PeriodStart = periodStart;
        PeriodEnd = periodEnd;
        Currency = currency;
        Gross = figures.Gross;
        Fees = figures.Fees;
        Refunds = figures.Refunds;
        ReserveHeld = figures.ReserveHeld;
        ReserveReleased = figures.ReserveReleased;
        Net = figures.Net;
        LateGross = figures.LateGross;
        LateFees = figures.LateFees;
        LateRefunds = figures.LateRefunds;
        Status = rolledOver ? PayoutStatus.RolledOver : PayoutStatus.Pending;
        CreatedAt = now;
    }

    public Guid OrganizationId { get; private set; }

    /// <summary>The ISO week paid for, e.g. 2026-W47.</summary>
    public string PeriodKey { get; private set; } = "";
    public DateTimeOffset PeriodStart { get; private set; }
    public DateTimeOffset PeriodEnd { get; private set; }
    public string Currency { get; private set; } = "USD";
    public decimal Gross { get; private set; }
    public decimal Fees { get; private set; }
    public decimal Refunds { get; private set; }
    public decimal ReserveHeld { get; private set; }
    public decimal ReserveReleased { get; private set; }
    public decimal Net { get; private set; }

    /// <summary>
    /// Gifts (and refunds) that landed in earlier weeks after those weeks' payouts were booked, paid with this one as a
    /// line of their own; the reserve is held on them as on this week's.
    /// </summary>
    public decimal LateGross { get; private set; }
    public decimal LateFees { get; private set; }
    public decimal LateRefunds { get; private set; }
    public PayoutStatus Status { get; private set; }

    /// <summary>When this period's held reserve was given back; null while it is held (or none was).</summary>
    public DateTimeOffset? ReserveReturnedAt { get; private set; }
    public string? GatewayPayoutId { get; private set; }
    public Guid? DocumentId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? PaidAt { get; private set; }

    public string Reference => $"payout:{OrganizationId:N}:{PeriodKey}:{Currency}";

    public void Paid(string gatewayPayoutId, DateTimeOffset at)
    {
        Status = PayoutStatus.Paid;
        GatewayPayoutId = gatewayPayoutId;
        PaidAt = at;
    }

    public void ReserveReturned(DateTimeOffset at) => ReserveReturnedAt = at;

    public void Statement(Guid documentId) => DocumentId = documentId;
}

public sealed record PayoutFigures(decimal Gross, decimal Fees, decimal Refunds, decimal ReserveHeld, decimal ReserveReleased, decimal Net,
    decimal LateGross = 0m, decimal LateFees = 0m, decimal LateRefunds = 0m)
{
    public bool HasLate => LateGross != 0m || LateFees != 0m || LateRefunds != 0m;
}

/// <summary>The "Payouts" configuration section.</summary>
public sealed class PayoutOptions
{
    public const string Section = "Payouts";

    /// <summary>The share of each period's new earnings held back against disputes.</summary>
    public decimal ReservePercent { get; set; } = 10m;

    /// <summary>How long a reserve is held before it is paid out with a later period.</summary>
    public int ReserveDays { get; set; } = 30;

    /// <summary>A payout below this rolls over to the next period.</summary>
    public decimal Minimum { get; set; } = 25m;

    /// <summary>Payees paid at once on a server database (SQLite, one writer at a time, always takes them one by one).</summary>
    public int Workers { get; set; } = 4;

    /// <summary>
    /// Payees booked in one transaction: their figures are read together in a few grouped queries, then each payee's rows
    /// are saved in its own tenant scope and the batch commits once. A batch that meets a payee booked meanwhile by another
    /// run is booked again payee by payee.
    /// </summary>
    public int BookBatch { get; set; } = 250;

    /// <summary>
    /// Payees whose statements are printed and emailed at once, after the money is sent. More than the printer's tabs on
    /// purpose: statements waiting together are printed together.
    /// </summary>
    public int StatementWorkers { get; set; } = 24;
}

public sealed record PayoutStatementDocument(string OrganizationName, string? LogoUrl, string PrimaryColor, string PeriodKey,
    DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, string Currency, PayoutFigures Figures, string? GatewayPayoutId,
    DateTimeOffset IssuedAt) : IDocumentModel
{
    public string Title => $"Payout statement {PeriodKey}";

    public Money M(decimal amount) => new(amount, Currency);
}

public sealed record PayoutEmail(string OrganizationName, string PeriodKey, Money Net, string PortalUrl) : Platform.Core.Messaging.IEmailModel
{
    public string Subject => $"Your payout for {PeriodKey}: {Net.Format()}";
}
