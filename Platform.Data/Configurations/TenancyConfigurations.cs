using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Core.Tenancy;

namespace Platform.Data.Configurations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> b)
    {
        b.Property(o => o.Name).HasMaxLength(Organization.NameMaxLength);
        b.Property(o => o.Slug).HasMaxLength(Organization.SlugMaxLength);
        b.HasIndex(o => o.Slug).IsUnique();
        b.Property(o => o.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(o => o.Status);
        b.Property(o => o.Plan).HasMaxLength(Organization.PlanMaxLength);
        b.Property(o => o.TimeZone).HasMaxLength(Organization.TimeZoneMaxLength);
        b.Property(o => o.Currency).HasMaxLength(3);
        b.Property(o => o.LogoUrl).HasMaxLength(Organization.LogoUrlMaxLength);
        b.Property(o => o.PrimaryColor).HasMaxLength(7);
    }
}

internal sealed class LocationConfiguration : IEntityTypeConfiguration<Location>
{
    public void Configure(EntityTypeBuilder<Location> b)
    {
        b.Property(l => l.Name).HasMaxLength(Location.NameMaxLength);
        b.Property(l => l.Address).HasMaxLength(Location.AddressMaxLength);
        b.Property(l => l.TimeZone).HasMaxLength(Organization.TimeZoneMaxLength);
        b.HasOne<Organization>().WithMany().HasForeignKey(l => l.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(l => new { l.OrganizationId, l.Name }).IsUnique();
    }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> b)
    {
        b.Property(m => m.Role).HasConversion<string>().HasMaxLength(20);
        b.PrimitiveCollection(m => m.LocationIds).HasField("_locationIds");
        b.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => new { m.OrganizationId, m.UserId }).IsUnique();
        b.HasIndex(m => m.UserId);
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.Property(i => i.Email).HasMaxLength(Invitation.EmailMaxLength);
        b.Property(i => i.Role).HasConversion<string>().HasMaxLength(20);
        b.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        b.PrimitiveCollection(i => i.LocationIds).HasField("_locationIds");
        b.Property(i => i.TokenHash).HasMaxLength(64);
        b.HasIndex(i => i.TokenHash).IsUnique();
        b.Ignore(i => i.IssuedToken);
        b.HasOne<Organization>().WithMany().HasForeignKey(i => i.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(i => new { i.OrganizationId, i.Email });
    }
}
