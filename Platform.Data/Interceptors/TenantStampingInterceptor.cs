using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Platform.Core.Tenancy;

namespace Platform.Data.Interceptors;

/// <summary>Thrown when a write would touch another tenant's or another location's data.</summary>
public sealed class TenantViolationException(string message) : InvalidOperationException(message);

/// <summary>
/// Stamps the current organization on new tenant-owned rows and refuses any write that crosses a tenant
/// or location boundary. A lift of the filters (<see cref="ITenantContext.AcrossTenants"/>) is for reading: writes inside it
/// are still checked against the organization acted for; only <see cref="ITenantContext.WritingAcrossTenants"/> (system
/// work) skips the check. A member's writes to a
/// read-only organization (trial expired, or suspended) are refused too, except the change that makes it writable again
/// (choosing a plan); the platform's own work for it (<see cref="ITenantContext.IsSystem"/>) goes on.
/// </summary>
public sealed class TenantStampingInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        if (ReadOnlyCandidate(eventData.Context) is { } organization)
        {
            RefuseIfReadOnly(eventData.Context!.Set<Organization>().IgnoreQueryFilters().Where(o => o.Id == organization)
                .Select(o => (OrganizationStatus?)o.Status).SingleOrDefault());
        }
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        if (ReadOnlyCandidate(eventData.Context) is { } organization)
        {
            RefuseIfReadOnly(await eventData.Context!.Set<Organization>().IgnoreQueryFilters().Where(o => o.Id == organization)
                .Select(o => (OrganizationStatus?)o.Status).SingleOrDefaultAsync(cancellationToken));
        }
        return result;
    }

    /// <summary>The organization whose status decides this save: a member's, when the save writes its data.</summary>
    private static Guid? ReadOnlyCandidate(DbContext? context)
    {
        if (context is not PlatformDbContext { Tenant: { WritesAcrossTenants: false, IsSystem: false, OrganizationId: { } organization } })
        {
            return null;
        }
        var organizationChanged = context.ChangeTracker.Entries<Organization>().ToList();
        if (organizationChanged.Any(e => e.State == EntityState.Modified && !e.Entity.IsReadOnly))
        {
            return null; // leaving read-only (a plan chosen): the one change allowed
        }
        var writes = organizationChanged.Any(e => e.State is EntityState.Modified or EntityState.Deleted)
            || context.ChangeTracker.Entries<ITenantOwned>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);
        return writes ? organization : null;
    }

    private static void RefuseIfReadOnly(OrganizationStatus? status)
    {
        if (status is OrganizationStatus.Expired or OrganizationStatus.Suspended)
        {
            throw new ReadOnlyOrganizationException(status.Value);
        }
    }

    /// <summary>
    /// Every row the save writes must be the organization's acted for, or inside <see cref="ITenantContext.ForOrganizations"/>
    /// one of the save's organizations, and name it itself there (which one to stamp would be a guess).
    /// </summary>
    private static void Check(DbContext? context)
    {
        if (context is not PlatformDbContext { Tenant: var tenant })
        {
            return;
        }
        var acrossTenants = tenant.WritesAcrossTenants;
        var several = acrossTenants ? null : tenant.WritesFor;
        Func<Guid, bool> mayWrite = several is not null ? several.Contains : id => id == tenant.OrganizationId;
        if (!acrossTenants && context.ChangeTracker.Entries<Organization>()
                .Any(e => e.State is EntityState.Modified or EntityState.Deleted && !mayWrite(e.Entity.Id)))
        {
            throw new TenantViolationException(several is null
                ? "Refused: another organization cannot be changed."
                : "Refused: an organization outside the save's cannot be changed.");
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
                organization.CurrentValue = several is not null
                    ? throw new TenantViolationException($"A {entry.Metadata.ClrType.Name} saved for several organizations must name its own.")
                    : tenant.OrganizationId
                      ?? throw new TenantViolationException($"A {entry.Metadata.ClrType.Name} can only be created inside an organization.");
            }
            if (acrossTenants)
            {
                continue;
            }
            var owners = entry.State == EntityState.Added
                ? [organization.CurrentValue]
                : new[] { organization.OriginalValue, organization.CurrentValue };
            if (owners.Any(o => !mayWrite(o)))
            {
                throw new TenantViolationException(several is null
                    ? $"Refused: a {entry.Metadata.ClrType.Name} of another organization cannot be written."
                    : $"Refused: a {entry.Metadata.ClrType.Name} of an organization outside the save's cannot be written.");
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
