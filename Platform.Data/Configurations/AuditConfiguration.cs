using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Core.Audit;
using Platform.Data.Identity;

namespace Platform.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(a => a.Action).HasMaxLength(AuditEntry.ActionMaxLength);
        b.Property(a => a.EntityType).HasMaxLength(AuditEntry.EntityTypeMaxLength);
        b.Property(a => a.EntityId).HasMaxLength(128);
        b.Property(a => a.UserName).HasMaxLength(256);
        b.Property(a => a.CorrelationId).HasMaxLength(64);
        b.HasIndex(a => a.At);
        b.HasIndex(a => new { a.OrganizationId, a.At });
        b.HasIndex(a => new { a.UserId, a.At });
    }
}

internal sealed class PlatformUserConfiguration : IEntityTypeConfiguration<PlatformUser>
{
    public void Configure(EntityTypeBuilder<PlatformUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(PlatformUser.DisplayNameMaxLength);
        b.Property(u => u.LastPortal).HasMaxLength(PlatformUser.PortalMaxLength);
    }
}

internal sealed class MagicLinkTokenConfiguration : IEntityTypeConfiguration<MagicLinkToken>
{
    public void Configure(EntityTypeBuilder<MagicLinkToken> b)
    {
        b.Property(t => t.TokenHash).HasMaxLength(64);
        b.HasIndex(t => t.TokenHash).IsUnique();
        b.HasOne<PlatformUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
