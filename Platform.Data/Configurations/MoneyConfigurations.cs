using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Core.Documents;
using Platform.Core.Giving;
using Platform.Core.Ledger;
using Platform.Core.Payouts;
using Platform.Core.Tenancy;

namespace Platform.Data.Configurations;

internal static class MoneyColumns
{
    /// <summary>Money amounts: exact decimals, four places (minor units plus fee fractions).</summary>
    public static PropertyBuilder<decimal> IsMoney(this PropertyBuilder<decimal> property) => property.HasPrecision(19, 4);
}

internal sealed class LedgerAccountConfiguration : IEntityTypeConfiguration<LedgerAccount>
{
    public void Configure(EntityTypeBuilder<LedgerAccount> b)
    {
        b.ToTable("LedgerAccounts");
        b.Property(a => a.Key).HasMaxLength(LedgerAccount.KeyMaxLength);
        b.Property(a => a.Currency).HasMaxLength(3);
        b.HasIndex(a => new { a.Key, a.Currency }).IsUnique();
        b.HasIndex(a => a.OrganizationId);
    }
}

internal sealed class JournalEntryConfiguration : IEntityTypeConfiguration<JournalEntry>
{
    public void Configure(EntityTypeBuilder<JournalEntry> b)
    {
        b.ToTable("JournalEntries");
        b.Property(e => e.Reference).HasMaxLength(JournalEntry.ReferenceMaxLength);
        b.HasIndex(e => e.Reference).IsUnique();
        b.Property(e => e.Description).HasMaxLength(JournalEntry.DescriptionMaxLength);
        b.HasIndex(e => new { e.OrganizationId, e.At });
        b.HasMany(e => e.Lines).WithOne().HasForeignKey(l => l.EntryId).OnDelete(DeleteBehavior.Restrict);
        b.Navigation(e => e.Lines).HasField("_lines");
    }
}

internal sealed class JournalLineConfiguration : IEntityTypeConfiguration<JournalLine>
{
    public void Configure(EntityTypeBuilder<JournalLine> b)
    {
        b.ToTable("JournalLines");
        b.Property(l => l.Amount).IsMoney();
        b.Property(l => l.Currency).HasMaxLength(3);
        b.HasOne<LedgerAccount>().WithMany().HasForeignKey(l => l.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(l => l.AccountId);
    }
}

internal sealed class CharityProgramConfiguration : IEntityTypeConfiguration<CharityProgram>
{
    public void Configure(EntityTypeBuilder<CharityProgram> b)
    {
        b.ToTable("Programs");
        b.Property(p => p.Name).HasMaxLength(CharityProgram.NameMaxLength);
        b.Property(p => p.Description).HasMaxLength(CharityProgram.DescriptionMaxLength);
        b.Property(p => p.Region).HasMaxLength(CharityProgram.RegionMaxLength);
        b.Property(p => p.ImageUrl).HasMaxLength(CharityProgram.ImageUrlMaxLength);
        b.Property(p => p.Currency).HasMaxLength(3);
        b.Property(p => p.GoalAmount).IsMoney();
        b.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Location>().WithMany().HasForeignKey(p => p.LocationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(p => new { p.OrganizationId, p.Name }).IsUnique();
    }
}

internal sealed class FamilyConfiguration : IEntityTypeConfiguration<Family>
{
    public void Configure(EntityTypeBuilder<Family> b)
    {
        b.ToTable("Families");
        b.Property(f => f.DisplayName).HasMaxLength(Family.DisplayNameMaxLength);
        b.Property(f => f.Region).HasMaxLength(CharityProgram.RegionMaxLength);
        b.HasOne<Organization>().WithMany().HasForeignKey(f => f.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Location>().WithMany().HasForeignKey(f => f.LocationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(f => f.OrganizationId);
    }
}

internal sealed class DonationConfiguration : IEntityTypeConfiguration<Donation>
{
    public void Configure(EntityTypeBuilder<Donation> b)
    {
        b.ToTable("Donations");
        b.Property(d => d.DonorEmail).HasMaxLength(254);
        b.Property(d => d.DonorName).HasMaxLength(Donation.NameMaxLength);
        b.Property(d => d.PostalAddress).HasMaxLength(Donation.AddressMaxLength);
        b.Property(d => d.Dedication).HasMaxLength(Donation.DedicationMaxLength);
        b.Property(d => d.Currency).HasMaxLength(3);
        b.Property(d => d.Amount).IsMoney();
        b.Property(d => d.Fee).IsMoney();
        b.Property(d => d.RefundedAmount).IsMoney();
        b.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.Stage).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.IdempotencyKey).HasMaxLength(Donation.KeyMaxLength);
        b.HasIndex(d => d.IdempotencyKey).IsUnique();
        b.Property(d => d.ChargeId).HasMaxLength(64);
        b.HasIndex(d => d.ChargeId);
        b.Property(d => d.CardLast4).HasMaxLength(4);
        b.Property(d => d.FailureMessage).HasMaxLength(300);
        b.Property(d => d.ReceiptNumber).HasMaxLength(32);
        b.HasIndex(d => new { d.OrganizationId, d.ReceiptNumber }).IsUnique();
        b.HasIndex(d => new { d.OrganizationId, d.CreatedAt });
        b.HasIndex(d => new { d.OrganizationId, d.SucceededAt });
        b.HasIndex(d => d.DonorUserId);
        b.HasIndex(d => d.DonorEmail);
        b.Ignore(d => d.Gift);
        b.Ignore(d => d.FeeMoney);
        b.Ignore(d => d.Charged);
        b.Ignore(d => d.NetToCharity);
        b.Ignore(d => d.Refunded);
        b.Ignore(d => d.Kept);
        b.Ignore(d => d.NetAfterRefunds);
        b.HasOne<Organization>().WithMany().HasForeignKey(d => d.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CharityProgram>().WithMany().HasForeignKey(d => d.ProgramId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Family>().WithMany().HasForeignKey(d => d.FamilyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<RecurringGift>().WithMany().HasForeignKey(d => d.RecurringGiftId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class JourneyStepConfiguration : IEntityTypeConfiguration<JourneyStep>
{
    public void Configure(EntityTypeBuilder<JourneyStep> b)
    {
        b.ToTable("JourneySteps");
        b.Property(s => s.Stage).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.Note).HasMaxLength(JourneyStep.NoteMaxLength);
        b.Property(s => s.Place).HasMaxLength(JourneyStep.PlaceMaxLength);
        b.Property(s => s.PhotoUrl).HasMaxLength(JourneyStep.PhotoUrlMaxLength);
        b.Property(s => s.Reason).HasMaxLength(JourneyStep.ReasonMaxLength);
        b.HasOne<Donation>().WithMany().HasForeignKey(s => s.DonationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => new { s.DonationId, s.At });
    }
}

internal sealed class DocumentSequenceConfiguration : IEntityTypeConfiguration<DocumentSequence>
{
    public void Configure(EntityTypeBuilder<DocumentSequence> b)
    {
        b.ToTable("DocumentSequences");
        b.HasKey(s => new { s.OrganizationId, s.Kind, s.Year });
        b.Property(s => s.Kind).HasMaxLength(20);
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("IdempotencyRecords");
        b.HasKey(r => new { r.Scope, r.Key });
        b.Property(r => r.Scope).HasMaxLength(40);
        b.Property(r => r.Key).HasMaxLength(120);
        b.Property(r => r.Outcome).HasMaxLength(200);
    }
}

internal sealed class TaxStatementConfiguration : IEntityTypeConfiguration<TaxStatement>
{
    public void Configure(EntityTypeBuilder<TaxStatement> b)
    {
        b.ToTable("TaxStatements");
        b.Property(s => s.DonorEmail).HasMaxLength(254);
        b.Property(s => s.DonorName).HasMaxLength(Donation.NameMaxLength);
        b.Property(s => s.PostalAddress).HasMaxLength(Donation.AddressMaxLength);
        b.Property(s => s.Total).IsMoney();
        b.Property(s => s.Currency).HasMaxLength(3);
        b.Property(s => s.Digest).HasMaxLength(64);
        b.Property(s => s.Number).HasMaxLength(32);
        b.Ignore(s => s.TotalMoney);
        // One statement per revision: a repeated or concurrent run cannot issue the same one twice.
        b.HasIndex(s => new { s.OrganizationId, s.Year, s.DonorEmail, s.Currency, s.Revision }).IsUnique();
        b.HasIndex(s => new { s.OrganizationId, s.Number }).IsUnique();
        b.HasIndex(s => new { s.DonorEmail, s.Year });
        b.HasIndex(s => s.DonorUserId);
        b.HasOne<Organization>().WithMany().HasForeignKey(s => s.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<TaxStatement>().WithMany().HasForeignKey(s => s.AmendsId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<StoredDocument>().WithMany().HasForeignKey(s => s.DocumentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StoredDocumentConfiguration : IEntityTypeConfiguration<StoredDocument>
{
    public void Configure(EntityTypeBuilder<StoredDocument> b)
    {
        b.ToTable("Documents");
        b.Property(d => d.FileName).HasMaxLength(StoredDocument.FileNameMaxLength);
        b.Property(d => d.ContentType).HasMaxLength(100);
        b.Property(d => d.Sha256).HasMaxLength(64);
        b.Ignore(d => d.IsIntact);
    }
}

internal sealed class RecurringGiftConfiguration : IEntityTypeConfiguration<RecurringGift>
{
    public void Configure(EntityTypeBuilder<RecurringGift> b)
    {
        b.ToTable("RecurringGifts");
        b.Property(r => r.DonorEmail).HasMaxLength(254);
        b.Property(r => r.DonorName).HasMaxLength(Donation.NameMaxLength);
        b.Property(r => r.PostalAddress).HasMaxLength(Donation.AddressMaxLength);
        b.Property(r => r.Amount).IsMoney();
        b.Property(r => r.Currency).HasMaxLength(3);
        b.Property(r => r.CardToken).HasMaxLength(100);
        b.Property(r => r.CardLast4).HasMaxLength(4);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.LastFailure).HasMaxLength(300);
        b.Property(r => r.PendingAttemptKey).HasMaxLength(Donation.KeyMaxLength);
        // Two writers that both read the same attempt count cannot both record an attempt.
        b.Property(r => r.ChargeAttempts).IsConcurrencyToken();
        b.Ignore(r => r.Gift);
        b.Ignore(r => r.DueAt);
        b.HasIndex(r => new { r.Status, r.NextChargeAt });
        b.HasIndex(r => r.DonorUserId);
        b.HasIndex(r => r.DonorEmail);
        b.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CharityProgram>().WithMany().HasForeignKey(r => r.ProgramId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PayoutConfiguration : IEntityTypeConfiguration<Payout>
{
    public void Configure(EntityTypeBuilder<Payout> b)
    {
        b.ToTable("Payouts");
        b.Property(p => p.PeriodKey).HasMaxLength(10);
        b.Property(p => p.Currency).HasMaxLength(3);
        b.Property(p => p.Gross).IsMoney();
        b.Property(p => p.Fees).IsMoney();
        b.Property(p => p.Refunds).IsMoney();
        b.Property(p => p.ReserveHeld).IsMoney();
        b.Property(p => p.ReserveReleased).IsMoney();
        b.Property(p => p.Net).IsMoney();
        b.Property(p => p.LateGross).IsMoney();
        b.Property(p => p.LateFees).IsMoney();
        b.Property(p => p.LateRefunds).IsMoney();
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.GatewayPayoutId).HasMaxLength(64);
        b.Ignore(p => p.Reference);
        // Exactly once per payee, period and currency, however many runs.
        b.HasIndex(p => new { p.OrganizationId, p.PeriodKey, p.Currency }).IsUnique();
        b.HasIndex(p => p.PeriodKey);
        b.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<StoredDocument>().WithMany().HasForeignKey(p => p.DocumentId).OnDelete(DeleteBehavior.Restrict);
    }
}
