using Microsoft.EntityFrameworkCore;
using Platform.Core.Data;

namespace Platform.Core.Tenancy;

public sealed record UserMembership(Guid OrganizationId, string OrganizationName, OrganizationKind Kind,
    OrganizationStatus Status, MembershipRole Role, IReadOnlyList<Guid> LocationIds);

/// <summary>A user's own memberships across organizations, for sign-in and the organization switcher.</summary>
public sealed class MembershipDirectory(IPlatformDbFactory dbFactory, ITenantContext tenant)
{
    public async Task<IReadOnlyList<UserMembership>> ForUserAsync(Guid userId, CancellationToken ct = default)
    {
        using var _ = tenant.ForPerson(userId);
        await using var db = await dbFactory.CreateAsync(ct);
        var rows = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId)
            .Join(db.Organizations, m => m.OrganizationId, o => o.Id, (m, o) => new { m, o })
            .OrderBy(x => x.o.Name)
            .ToListAsync(ct);
        return rows.Select(x => new UserMembership(x.o.Id, x.o.Name, x.o.Kind, x.o.Status, x.m.Role, x.m.LocationIds)).ToList();
    }
}
