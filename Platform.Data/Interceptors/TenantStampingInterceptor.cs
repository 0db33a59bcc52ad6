using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Platform.Core.Tenancy;

namespace Platform.Data.Interceptors;

/// <summary>Thrown when a write would touch another tenant's or another location's data.</summary>
public sealed class TenantViolationException(string message) : InvalidOperationException(message);

/// <summary>
/// Stamps the current organization on new tenant-owned rows and refuses any write that crosses a tenant
/// or location boundary. Inside <see cref="ITenantContext.AcrossTenants"/> it only stamps.
/// </summary>
public sealed class TenantStampingInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext? context)
    {
        if (context is not PlatformDbContext { Tenant: var tenant })
        {
            return;
        }
        if (!tenant.IsAcrossTenants && context.ChangeTracker.Entries<Organization>()
                .Any(e => e.State is EntityState.Modified or EntityState.Deleted && e.Entity.Id != tenant.OrganizationId))
        {
            throw new TenantViolationException("Refused: another organization cannot be changed.");
        }
        foreach (var entry in context.ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }
            var organization = entry.Property(e => e.OrganizationId);
            if (entry.State == EntityState.Added && organization.CurrentValue == Guid.Empty)
            {
                organization.CurrentValue = tenant.OrganizationId
                    ?? throw new TenantViolationException($"A {entry.Metadata.ClrType.Name} can only be created inside an organization.");
            }
            if (tenant.IsAcrossTenants)
            {
                continue;
            }
            var owners = entry.State == EntityState.Added
                ? [organization.CurrentValue]
                : new[] { organization.OriginalValue, organization.CurrentValue };
            if (owners.Any(o => o != tenant.OrganizationId))
            {
                throw new TenantViolationException($"Refused: a {entry.Metadata.ClrType.Name} of another organization cannot be written.");
            }
            if (entry.Entity is ILocationScoped && tenant.LocationIds is { } allowed)
            {
                var location = entry.Property(nameof(ILocationScoped.LocationId));
                if (!allowed.Contains((Guid)location.CurrentValue!) || !allowed.Contains((Guid)location.OriginalValue!))
                {
                    throw new TenantViolationException($"Refused: a {entry.Metadata.ClrType.Name} of a location outside your access cannot be written.");
                }
            }
        }
    }
}
