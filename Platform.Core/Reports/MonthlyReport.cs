using Platform.Core.Common;
using Platform.Core.Tenancy;

namespace Platform.Core.Reports;

/// <summary>
/// A month's report as issued to an organization's owners: its PDF and CSV, stored once per organization and month so a
/// run repeated or resumed never issues or emails it twice.
/// </summary>
public sealed class MonthlyReport : Entity, ITenantOwned
{
    private MonthlyReport()
    {
    }

    public MonthlyReport(Guid organizationId, ReportMonth month, Guid pdfDocumentId, Guid csvDocumentId, DateTimeOffset now)
    {
        OrganizationId = organizationId;
        Month = month.Key;
        PdfDocumentId = pdfDocumentId;
        CsvDocumentId = csvDocumentId;
        CreatedAt = now;
    }

    public Guid OrganizationId { get; private set; }

    /// <summary>The month reported, yyyy-MM.</summary>
    public string Month { get; private set; } = "";
    public Guid PdfDocumentId { get; private set; }
    public Guid CsvDocumentId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When the owners were emailed; null until then (a run that stopped between issuing and emailing).</summary>
    public DateTimeOffset? EmailedAt { get; private set; }

    public void Emailed(DateTimeOffset at) => EmailedAt = at;
}

/// <summary>The platform's own month report for staff, issued once per month like <see cref="MonthlyReport"/>.</summary>
public sealed class PlatformReport : Entity
{
    private PlatformReport()
    {
    }

    public PlatformReport(ReportMonth month, Guid pdfDocumentId, Guid csvDocumentId, DateTimeOffset now)
    {
        Month = month.Key;
        PdfDocumentId = pdfDocumentId;
        CsvDocumentId = csvDocumentId;
        CreatedAt = now;
    }

    public string Month { get; private set; } = "";
    public Guid PdfDocumentId { get; private set; }
    public Guid CsvDocumentId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? EmailedAt { get; private set; }

    public void Emailed(DateTimeOffset at) => EmailedAt = at;
}

/// <summary>An issued report in a list: which month, when, and whether it went out.</summary>
public sealed record IssuedReport(Guid Id, string Month, DateTimeOffset CreatedAt, DateTimeOffset? EmailedAt)
{
    public string Label => ReportMonth.TryParse(Month, out var m) ? m.Label : Month;
}

public enum ReportFormat
{
    Pdf,
    Csv,
}

/// <summary>A report file handed to a browser or an email.</summary>
