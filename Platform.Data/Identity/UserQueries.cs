using Microsoft.EntityFrameworkCore;
using Platform.Core.Common;
using Platform.Core.Tenancy;

namespace Platform.Data.Identity;

public sealed record UserRow(Guid Id, string Email, string DisplayName, bool EmailConfirmed, bool TwoFactorEnabled,
    DateTimeOffset? LockoutEnd, DateTimeOffset CreatedAt, DateTimeOffset? LastSignInAt, IReadOnlyList<string> Roles);

/// <summary>The staff view of accounts for the admin portal.</summary>
public sealed class UserQueries(IDbContextFactory<PlatformDbContext> factory, ITenantContext tenant)
{
    public async Task<Page<UserRow>> SearchAsync(string? search, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToUpperInvariant();
            query = query.Where(u => u.NormalizedEmail!.Contains(term) || u.DisplayName.ToUpper().Contains(term));
        }
        var total = await query.CountAsync(ct);
        var users = await query.OrderBy(u => u.NormalizedEmail).Skip(page.SafeSkip).Take(page.SafeTake).ToListAsync(ct);
        var ids = users.Select(u => u.Id).ToList();
        var roles = await db.UserRoles.Where(r => ids.Contains(r.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(ct);
        var rows = users.Select(u => new UserRow(u.Id, u.Email!, u.DisplayName, u.EmailConfirmed, u.TwoFactorEnabled, u.LockoutEnd,
            u.CreatedAt, u.LastSignInAt, roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).ToList())).ToList();
        return new Page<UserRow>(rows, total, page.SafeSkip, page.SafeTake);
    }

    public async Task<UserRow?> FindAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var u = await db.Users.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (u is null)
        {
            return null;
        }
        var roles = await db.UserRoles.Where(r => r.UserId == id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToListAsync(ct);
        return new UserRow(u.Id, u.Email!, u.DisplayName, u.EmailConfirmed, u.TwoFactorEnabled, u.LockoutEnd, u.CreatedAt, u.LastSignInAt, roles);
    }

    public async Task<int> CountAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Users.CountAsync(ct);
    }

    /// <summary>The organizations a user belongs to, for the staff user detail page.</summary>
    public async Task<IReadOnlyList<(string Organization, MembershipRole Role)>> MembershipsAsync(Guid userId, CancellationToken ct = default)
    {
        using var _ = tenant.AcrossTenants("staff: user memberships");
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId)
            .Join(db.Organizations, m => m.OrganizationId, o => o.Id, (m, o) => new { o.Name, m.Role })
            .ToListAsync(ct);
        return rows.Select(r => (r.Name, r.Role)).ToList();
    }
}
