using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Data;
using Platform.Core.Documents;
using Platform.Core.Jobs;
using Platform.Core.Messaging;
using Platform.Core.Tenancy;

namespace Platform.Core.Reports;

public sealed record ReportRunResult(string Month, int Organizations, int Issued, int Emailed, bool PlatformIssued);

/// <summary>
/// Issues the monthly reports: for every organization a PDF (with charts) and a CSV, stored and emailed to its owners;
/// then the platform report for staff. Each report is stored once per organization and month (a unique key) before it is
/// emailed, and marked when emailed, so a repeated run issues nothing twice and a run that stopped half-way emails what
/// it had not. Portals also fetch any month on demand, printed from the current figures.
/// </summary>
public sealed class ReportService(
    IPlatformDbFactory dbFactory,
    ITenantContext tenant,
    ReportBuilder builder,
    IDocumentRenderer renderer,
    OwnerMail owners,
    StaffMail staff,
    IAppLinks links,
    TimeProvider clock)
{
    public async Task<ReportRunResult> RunMonthlyAsync(ReportMonth month, Guid? onlyOrganization, IJobProgress progress, CancellationToken ct = default)
    {
        var organizations = await OrganizationsAsync(month, onlyOrganization, ct);
        progress.Total(organizations.Count + (onlyOrganization is null ? 1 : 0));
        progress.Log($"Reports for {month.Label}: {organizations.Count} organizations.");
        int issued = 0, emailed = 0;
        foreach (var organizationId in organizations)
        {
            ct.ThrowIfCancellationRequested();
            using var _ = tenant.ForOrganization(organizationId);
            var (wasIssued, wasEmailed) = await IssueOrganizationAsync(month, ct);
            issued += wasIssued ? 1 : 0;
            emailed += wasEmailed ? 1 : 0;
            progress.Done();
        }
        progress.Log($"Organizations: {issued} reports issued, {emailed} emailed.");
        var platform = false;
        if (onlyOrganization is null)
        {
            platform = await IssuePlatformAsync(month, ct);
            progress.Log(platform ? "Platform report issued and emailed to staff." : "Platform report was already issued.");
            progress.Done();
        }
        return new ReportRunResult(month.Key, organizations.Count, issued, emailed, platform);
    }

    /// <summary>
    /// The current organization's report for a month, printed now from the current figures; null for a month outside the
    /// organization's life (before the month it was created in, in its own zone, or after this month).
    /// </summary>
    public async Task<DocumentFile?> OrganizationFileAsync(ReportMonth month, ReportFormat format, CancellationToken ct = default)
    {
        var organizationId = tenant.OrganizationId ?? throw new InvalidOperationException("An organization report needs an organization to act for.");
        await using (var db = await dbFactory.CreateAsync(ct))
        {
            var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == organizationId, ct);
            var zone = organization.Zone();
            if (!month.IsWithin(Local(organization.CreatedAt, zone), Local(clock.GetUtcNow(), zone)))
            {
                return null;
            }
        }
        var report = await builder.OrganizationAsync(month, ct);
        return format == ReportFormat.Pdf
            ? new DocumentFile($"{report.FileStem}.pdf", "application/pdf", await renderer.RenderPdfAsync(report, ct))
            : new DocumentFile($"{report.FileStem}.csv", "text/csv", ReportCsv.Organization(report));
    }

    /// <summary>The platform report for a month, printed now; null for a month before the first organization or after this month (UTC).</summary>
    public async Task<DocumentFile?> PlatformFileAsync(ReportMonth month, ReportFormat format, CancellationToken ct = default)
    {
        using (tenant.AcrossTenants("platform report: the month the platform began"))
        {
            await using var db = await dbFactory.CreateAsync(ct);
            var first = await db.Organizations.AsNoTracking().OrderBy(o => o.CreatedAt).Select(o => (DateTimeOffset?)o.CreatedAt).FirstOrDefaultAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            if (!month.IsWithin(first?.UtcDateTime ?? now, now))
            {
                return null;
            }
        }
        var report = await builder.PlatformAsync(month, ct);
        return format == ReportFormat.Pdf
            ? new DocumentFile($"{report.FileStem}.pdf", "application/pdf", await renderer.RenderPdfAsync(report, ct))
            : new DocumentFile($"{report.FileStem}.csv", "text/csv", ReportCsv.Platform(report));
    }

    /// <summary>The current organization's issued reports, newest first.</summary>
    public async Task<Page<IssuedReport>> IssuedAsync(PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var query = db.MonthlyReports.AsNoTracking();
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(r => r.Month).Skip(page.SafeSkip).Take(page.SafeTake)
            .Select(r => new IssuedReport(r.Id, r.Month, r.CreatedAt, r.EmailedAt)).ToListAsync(ct);
        return new Page<IssuedReport>(rows, total, page.SafeSkip, page.SafeTake);
    }

    /// <summary>Issued platform reports, newest first (staff).</summary>
    public async Task<Page<IssuedReport>> IssuedPlatformAsync(PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var total = await db.PlatformReports.CountAsync(ct);
        var rows = await db.PlatformReports.AsNoTracking().OrderByDescending(r => r.Month).Skip(page.SafeSkip).Take(page.SafeTake)
            .Select(r => new IssuedReport(r.Id, r.Month, r.CreatedAt, r.EmailedAt)).ToListAsync(ct);
        return new Page<IssuedReport>(rows, total, page.SafeSkip, page.SafeTake);
    }

    /// <summary>One of the current organization's issued reports, exactly as issued; another organization's is not found.</summary>
    public async Task<DocumentFile?> IssuedFileAsync(Guid reportId, ReportFormat format, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var ids = await db.MonthlyReports.Where(r => r.Id == reportId).Select(r => new { r.PdfDocumentId, r.CsvDocumentId }).SingleOrDefaultAsync(ct);
        return ids is null ? null : await DocumentAsync(db, format == ReportFormat.Pdf ? ids.PdfDocumentId : ids.CsvDocumentId, ct);
    }

    /// <summary>An issued platform report, exactly as issued (staff).</summary>
    public async Task<DocumentFile?> IssuedPlatformFileAsync(Guid reportId, ReportFormat format, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var ids = await db.PlatformReports.Where(r => r.Id == reportId).Select(r => new { r.PdfDocumentId, r.CsvDocumentId }).SingleOrDefaultAsync(ct);
        return ids is null ? null : await DocumentAsync(db, format == ReportFormat.Pdf ? ids.PdfDocumentId : ids.CsvDocumentId, ct);
    }

    private static DateTime Local(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone).DateTime;

    private async Task<List<Guid>> OrganizationsAsync(ReportMonth month, Guid? only, CancellationToken ct)
    {
        using var _ = tenant.AcrossTenants("monthly reports: every organization that existed in the month");
        await using var db = await dbFactory.CreateAsync(ct);
        var (_, end) = month.Bounds(TimeZoneInfo.Utc);
        // Created before the month ended (a day of slack for zones ahead of UTC); suspended organizations get none.
        var latest = end.AddDays(1);
        return await db.Organizations.AsNoTracking()
            .Where(o => o.CreatedAt < latest && o.Status != OrganizationStatus.Suspended && (only == null || o.Id == only))
            .OrderBy(o => o.Id).Select(o => o.Id).ToListAsync(ct);
    }

    /// <summary>Issues (once) and emails (once) the current organization's report for the month.</summary>
    private async Task<(bool Issued, bool Emailed)> IssueOrganizationAsync(ReportMonth month, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var report = await db.MonthlyReports.SingleOrDefaultAsync(r => r.Month == month.Key, ct);
        if (report?.EmailedAt is not null)
        {
            return (false, false);
        }
        var data = await builder.OrganizationAsync(month, ct);
        var issued = report is null;
        List<EmailAttachment> attachments;
        if (report is null)
        {
            var (pdf, csv) = await FilesAsync(data, data.FileStem, ReportCsv.Organization(data), ct);
            db.Documents.AddRange(pdf, csv);
            report = new MonthlyReport(tenant.OrganizationId!.Value, month, pdf.Id, csv.Id, clock.GetUtcNow());
            db.MonthlyReports.Add(report);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (db.IsUniqueViolation(e))
            {
                return (false, false); // issued meanwhile by another run, which emails it
            }
            attachments = Attachments(pdf, csv);
        }
        else
        {
            attachments = await AttachmentsAsync(db, report.PdfDocumentId, report.CsvDocumentId, ct); // issued by a run that stopped
        }
        await owners.SendAsync(db, new MonthlyReportEmail(data.OrganizationName, month.Label, data.Totals.Select(t => t.Net).ToList(),
            data.Totals.Sum(t => t.Gifts), links.MerchantReports()), attachments, ct);
        report.Emailed(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return (issued, true);
    }

    private async Task<bool> IssuePlatformAsync(ReportMonth month, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var report = await db.PlatformReports.SingleOrDefaultAsync(r => r.Month == month.Key, ct);
        if (report?.EmailedAt is not null)
        {
            return false;
        }
        var data = await builder.PlatformAsync(month, ct);
        List<EmailAttachment> attachments;
        if (report is null)
        {
            var (pdf, csv) = await FilesAsync(data, data.FileStem, ReportCsv.Platform(data), ct);
            db.Documents.AddRange(pdf, csv);
            report = new PlatformReport(month, pdf.Id, csv.Id, clock.GetUtcNow());
            db.PlatformReports.Add(report);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (db.IsUniqueViolation(e))
            {
                return false;
            }
            attachments = Attachments(pdf, csv);
        }
        else
        {
            attachments = await AttachmentsAsync(db, report.PdfDocumentId, report.CsvDocumentId, ct); // issued by a run that stopped
        }
        await staff.SendAsync(new PlatformReportEmail(month.Label, data.Volume.Select(v => v.Gross).ToList(), data.Volume.Select(v => v.Fees).ToList(),
            data.OrganizationsCreated, data.TrialsConverted, links.AdminReports()), attachments, ct);
        report.Emailed(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return true;
    }

    private async Task<(StoredDocument Pdf, StoredDocument Csv)> FilesAsync<TModel>(TModel model, string stem, byte[] csv, CancellationToken ct)
        where TModel : IDocumentModel
    {
        var now = clock.GetUtcNow();
        return (new StoredDocument($"{stem}.pdf", "application/pdf", await renderer.RenderPdfAsync(model, ct), now),
            new StoredDocument($"{stem}.csv", "text/csv", csv, now));
    }

    private static async Task<List<EmailAttachment>> AttachmentsAsync(IPlatformDb db, Guid pdfId, Guid csvId, CancellationToken ct)
    {
        var files = await db.Documents.AsNoTracking().Where(d => d.Id == pdfId || d.Id == csvId).ToListAsync(ct);
        return Attachments(files.Single(d => d.Id == pdfId), files.Single(d => d.Id == csvId));
    }

    private static List<EmailAttachment> Attachments(StoredDocument pdf, StoredDocument csv) =>
        [new(pdf.FileName, pdf.ContentType, pdf.Content), new(csv.FileName, csv.ContentType, csv.Content)];

    private static async Task<DocumentFile?> DocumentAsync(IPlatformDb db, Guid documentId, CancellationToken ct) =>
        (await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == documentId, ct))?.ToFile();
}
