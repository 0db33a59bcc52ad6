using Platform.Core.Common;

namespace Platform.Core.Tenancy;

/// <summary>A user's place in an organization: a role, and optionally a restriction to some locations.</summary>
public sealed class Membership : Entity, ITenantOwned
{
    private List<Guid> _locationIds = [];

    private Membership()
    {
    }

    public Membership(Guid organizationId, Guid userId, MembershipRole role, IEnumerable<Guid>? locationIds, DateTimeOffset now)
    {
        OrganizationId = organizationId;
        UserId = userId;
        JoinedAt = now;
        Change(role, locationIds);
    }

    public Guid OrganizationId { get; private set; }
    public Guid UserId { get; private set; }
    public MembershipRole Role { get; private set; }
    public DateTimeOffset JoinedAt { get; private set; }

    /// <summary>Empty means every location of the organization.</summary>
    public IReadOnlyList<Guid> LocationIds => _locationIds;

    public bool IsLocationRestricted => _locationIds.Count > 0 && Role != MembershipRole.Owner;

    public void Change(MembershipRole role, IEnumerable<Guid>? locationIds)
    {
        Role = role;
        // Owners see the whole organization by definition.
        _locationIds = role == MembershipRole.Owner ? [] : (locationIds ?? []).Distinct().ToList();
    }
}
