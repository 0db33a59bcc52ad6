using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Platform.Data.Identity;

/// <summary>
/// The key ring lives in the application database (through <c>PersistKeysToDbContext</c>), so every node of a cluster
/// signs and reads the same cookies, antiforgery tokens and one-click email links, and a restart or a new container does
/// not sign everyone out. Keys are secrets: they are never audited, and the database is to be guarded as they are.
/// </summary>
internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    // The library's entity leaves both columns nullable; it always writes them, and the table predates it with NOT NULL.
    public void Configure(EntityTypeBuilder<DataProtectionKey> b)
    {
        b.ToTable("DataProtectionKeys");
        b.Property(k => k.FriendlyName).HasMaxLength(200).IsRequired();
        b.Property(k => k.Xml).IsRequired();
    }
}
