using Microsoft.EntityFrameworkCore;
using Platform.Core.Audit;
using Platform.Core.Tenancy;

namespace Platform.Core.Data;

/// <summary>
/// The unit of work Core services use, one per operation. Tenant filters are already applied to every
/// tenant-owned set; the data layer implements it with the provider chosen at start-up.
/// </summary>
public interface IPlatformDb : IAsyncDisposable
{
    DbSet<Organization> Organizations { get; }
    DbSet<Location> Locations { get; }
    DbSet<Membership> Memberships { get; }
    DbSet<Invitation> Invitations { get; }
    DbSet<AuditEntry> AuditEntries { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}

public interface IPlatformDbFactory
{
    Task<IPlatformDb> CreateAsync(CancellationToken cancellationToken = default);
}
