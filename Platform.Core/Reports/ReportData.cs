using Platform.Core.Common;
using Platform.Core.Documents;
using Platform.Core.Messaging;
using Platform.Core.Tenancy;

namespace Platform.Core.Reports;

/// <summary>One row of a breakdown: a location, a program, an organization; how many gifts and how much.</summary>
public sealed record ReportLine(string Label, int Count, Money Amount);

/// <summary>A month's takings in one currency: gross charged, platform fees, refunded since, and what remains.</summary>
public sealed record CurrencyTotals(string Currency, int Gifts, Money Gross, Money Fees, Money Refunded)
{
    public Money Net => Gross - Fees - Refunded;
}

/// <summary>One bar of a chart.</summary>
public sealed record ChartPoint(string Label, decimal Value);

/// <summary>Who gave: first-time donors this month, those who gave the month before but not this one, and the rest.</summary>
public sealed record DonorMovement(int Active, int Gained, int Lost, int Returning, int MonthlyGiftsCharged);

public sealed record PayoutLine(string PeriodKey, DateTimeOffset? PaidAt, Money Net, string Status);

public sealed record TopGift(DateTimeOffset At, string Donor, string Program, Money Amount);

/// <summary>Everything in an organization's month report, read once and printed to both PDF and CSV.</summary>
public sealed record OrganizationReportDocument(
    string OrganizationName,
    string? LogoUrl,
    string PrimaryColor,
    OrganizationKind Kind,
    ReportMonth Month,
    string TimeZone,
    IReadOnlyList<CurrencyTotals> Totals,
    IReadOnlyList<ReportLine> ByLocation,
    IReadOnlyList<ReportLine> ByProgram,
    DonorMovement Donors,
    IReadOnlyList<PayoutLine> Payouts,
    IReadOnlyList<TopGift> TopGifts,
    string ChartCurrency,
    IReadOnlyList<ChartPoint> Daily,
    DateTimeOffset GeneratedAt) : IDocumentModel
{
    public string Title => $"{OrganizationName} report {Month.Key}";

    public string FileStem => $"report-{Month.Key}";

    public bool IsEmpty => Totals.Count == 0 && Payouts.Count == 0;
}

/// <summary>The platform's month for staff: organizations, trials, volume and fees.</summary>
public sealed record PlatformReportDocument(
    ReportMonth Month,
    IReadOnlyList<ChartPoint> ByStatus,
    IReadOnlyList<ChartPoint> ByPlan,
    int OrganizationsCreated,
    int TrialsConverted,
    int TrialsExpired,
    IReadOnlyList<CurrencyTotals> Volume,
    IReadOnlyList<ReportLine> PayoutsPaid,
    IReadOnlyList<ReportLine> TopOrganizations,
    string ChartCurrency,
    IReadOnlyList<ChartPoint> Daily,
    DateTimeOffset GeneratedAt) : IDocumentModel
{
    public string Title => $"Platform report {Month.Key}";

    public string FileStem => $"platform-report-{Month.Key}";

    /// <summary>Converted as a share of trials started in the month; null when none started.</summary>
    public decimal? ConversionPercent => OrganizationsCreated == 0 ? null : Math.Round(TrialsConverted * 100m / OrganizationsCreated, 1);
}

public sealed record MonthlyReportEmail(string OrganizationName, string MonthLabel, IReadOnlyList<Money> Net, int Gifts, string PortalUrl)
    : IEmailModel
{
    public string Subject => $"{OrganizationName}: your report for {MonthLabel}";
}

public sealed record PlatformReportEmail(string MonthLabel, IReadOnlyList<Money> Gross, IReadOnlyList<Money> Fees, int TrialsStarted,
    int TrialsConverted, string PortalUrl) : IEmailModel
{
    public string Subject => $"Platform report for {MonthLabel}";
}
