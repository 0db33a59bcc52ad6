using Microsoft.EntityFrameworkCore;
using Platform.Core.Tenancy;

namespace Platform.Data.Identity;

internal sealed class UserDirectory(IDbContextFactory<PlatformDbContext> factory) : IUserDirectory
{
    public async Task<IReadOnlyDictionary<Guid, UserSummary>> GetAsync(IEnumerable<Guid> userIds, CancellationToken cancellationToken = default)
    {
        var ids = userIds.Distinct().ToList();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking()
            .Where(u => ids.Contains(u.Id))
            .Select(u => new UserSummary(u.Id, u.Email!, u.DisplayName, u.EmailConfirmed))
            .ToDictionaryAsync(u => u.Id, cancellationToken);
    }

    public async Task<UserSummary?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        var normalized = email.Trim().ToUpperInvariant();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking()
            .Where(u => u.NormalizedEmail == normalized)
            .Select(u => new UserSummary(u.Id, u.Email!, u.DisplayName, u.EmailConfirmed))
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<UserSummary>> InRoleAsync(string role, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var roleIds = db.Roles.Where(r => r.Name == role).Select(r => r.Id);
        return await db.Users.AsNoTracking()
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && roleIds.Contains(ur.RoleId)))
            .OrderBy(u => u.Email)
            .Select(u => new UserSummary(u.Id, u.Email!, u.DisplayName, u.EmailConfirmed))
            .ToListAsync(cancellationToken);
    }
}
