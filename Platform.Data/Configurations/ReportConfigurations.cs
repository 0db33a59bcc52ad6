using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Core.Documents;
using Platform.Core.Reports;
using Platform.Core.Tenancy;

namespace Platform.Data.Configurations;

internal sealed class MonthlyReportConfiguration : IEntityTypeConfiguration<MonthlyReport>
{
    public void Configure(EntityTypeBuilder<MonthlyReport> b)
    {
        b.ToTable("MonthlyReports");
        b.Property(r => r.Month).HasMaxLength(7);
        // Issued once per organization and month, however many runs.
        b.HasIndex(r => new { r.OrganizationId, r.Month }).IsUnique();
        b.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<StoredDocument>().WithMany().HasForeignKey(r => r.PdfDocumentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<StoredDocument>().WithMany().HasForeignKey(r => r.CsvDocumentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PlatformReportConfiguration : IEntityTypeConfiguration<PlatformReport>
{
    public void Configure(EntityTypeBuilder<PlatformReport> b)
    {
        b.ToTable("PlatformReports");
        b.Property(r => r.Month).HasMaxLength(7);
        b.HasIndex(r => r.Month).IsUnique();
        b.HasOne<StoredDocument>().WithMany().HasForeignKey(r => r.PdfDocumentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<StoredDocument>().WithMany().HasForeignKey(r => r.CsvDocumentId).OnDelete(DeleteBehavior.Restrict);
    }
}
