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

    /// <summary>True inside <see cref="WritingAcrossTenants"/>: a save may write rows of several organizations.</summary>
    bool WritesAcrossTenants { get; }

    /// <summary>Inside <see cref="ForOrganizations"/>: the organizations a save may write rows of; null otherwise.</summary>
    IReadOnlySet<Guid>? WritesFor { get; }

    /// <summary>Inside <see cref="ForPerson"/>: the person whose own rows are visible, in every organization.</summary>
    PersonRows? Person { get; }

    /// <summary>Acts for one organization (and optionally some locations) until disposed: jobs, seeding, invitations.</summary>
    IDisposable ForOrganization(Guid organizationId, IReadOnlyList<Guid>? locationIds = null);

    /// <summary>
    /// System work that saves rows of several organizations at once (a batch of payees' payouts, each staged inside its own
    /// <see cref="ForOrganization"/>): every row the save writes must belong to one of them and name it itself (nothing is
    /// stamped), until disposed. Nothing tenant-owned is visible meanwhile.
    /// </summary>
    IDisposable ForOrganizations(IReadOnlyCollection<Guid> organizationIds);

    /// <summary>
    /// Reads a person's own rows wherever they live (a donor's gifts, monthly gifts and statements, found by their account or
    /// confirmed address; a user's memberships, the organizations they belong to and the payouts of those they own) through
    /// a filter on that person, until disposed. No organization's other data is visible meanwhile.
    /// </summary>
    IDisposable ForPerson(Guid userId, string? email = null);

    /// <summary>
    /// The one way to see every tenant's data, for reading. The reason is logged, and a lift made by platform staff is
    /// written to the audit log; callers are staff tools and system work that by nature span tenants (the public catalogue,
    /// accepting an invitation by token). A person's own rows go through <see cref="ForPerson"/> instead.
    /// </summary>
    IDisposable AcrossTenants(string reason);

    /// <summary>
    /// Lifts the filters for system work that writes several organizations' rows in one save (seeding, marking a batch of
    /// payouts paid). Inside <see cref="AcrossTenants"/> writes are still checked against the organization acted for.
    /// </summary>
    IDisposable WritingAcrossTenants(string reason);
}

/// <summary>A person reading their own rows: their account, and the confirmed address their guest gifts were made with.</summary>
public sealed record PersonRows(Guid UserId, string? Email);
