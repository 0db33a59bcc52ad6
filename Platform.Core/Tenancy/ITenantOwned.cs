namespace Platform.Core.Tenancy;

/// <summary>An entity that belongs to one organization. Query filters and the save interceptor use this.</summary>
public interface ITenantOwned
{
    Guid OrganizationId { get; }
}

/// <summary>A tenant-owned entity that also belongs to one location; location-restricted members see only theirs.</summary>
public interface ILocationScoped : ITenantOwned
{
    Guid LocationId { get; }
}

/// <summary>
/// A tenant-owned entity that is also its donor's: the donor reads theirs in every organization through
/// <see cref="ITenantContext.ForPerson"/>, by account or by the (normalized) address a guest gift was made with.
/// </summary>
public interface IDonorOwned : ITenantOwned
{
    Guid? DonorUserId { get; }

    string DonorEmail { get; }
}
