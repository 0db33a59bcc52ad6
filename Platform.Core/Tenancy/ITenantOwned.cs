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
