namespace Platform.Core.Tenancy;

/// <summary>
/// Who the current operation acts for. Every tenant-owned query and write is checked against it in one
/// place (the data layer's query filters and save interceptor). With no organization, nothing tenant-owned
/// is visible.
/// </summary>
public interface ITenantContext
{
    Guid? OrganizationId { get; }

    /// <summary>The member's role in the organization, when a member is acting.</summary>
    MembershipRole? Role { get; }

    /// <summary>The locations the member is restricted to, or null when they see every location.</summary>
    IReadOnlyList<Guid>? LocationIds { get; }

    /// <summary>True while the platform itself acts for the organization (<see cref="ForOrganization"/>), not a member.</summary>
    bool IsSystem { get; }

    /// <summary>True inside <see cref="AcrossTenants"/>: the filters are off for staff tools and system work.</summary>
    bool IsAcrossTenants { get; }

    /// <summary>Acts for one organization (and optionally some locations) until disposed: jobs, seeding, invitations.</summary>
    IDisposable ForOrganization(Guid organizationId, IReadOnlyList<Guid>? locationIds = null);

    /// <summary>
    /// The one way to see every tenant's data. The reason is logged; callers are staff tools and system
    /// work that by nature span tenants (a user's own memberships, accepting an invitation by token).
    /// </summary>
    IDisposable AcrossTenants(string reason);
}
