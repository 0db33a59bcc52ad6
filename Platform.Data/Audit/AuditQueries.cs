using Microsoft.EntityFrameworkCore;
using Platform.Core.Audit;
using Platform.Core.Common;

namespace Platform.Data.Audit;

/// <summary>The audit log page's queries: filtered, newest first, paged.</summary>
public sealed class AuditQueries(IDbContextFactory<PlatformDbContext> factory)
{
    public async Task<Page<AuditEntry>> SearchAsync(AuditQuery filter, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.AuditEntries.AsNoTracking();
        if (filter.OrganizationId is { } org)
        {
            query = query.Where(a => a.OrganizationId == org);
        }
        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            var user = filter.User.Trim().ToLower();
            query = query.Where(a => a.UserName != null && a.UserName.ToLower().Contains(user));
        }
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            query = query.Where(a => a.Action == filter.Action);
        }
        if (!string.IsNullOrWhiteSpace(filter.EntityType))
        {
            query = query.Where(a => a.EntityType == filter.EntityType);
        }
        if (filter.From is { } from)
        {
            query = query.Where(a => a.At >= from);
        }
        if (filter.To is { } to)
        {
            query = query.Where(a => a.At < to);
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip(page.SafeSkip).Take(page.SafeTake).ToListAsync(ct);
        return new Page<AuditEntry>(items, total, page.SafeSkip, page.SafeTake);
    }

    public async Task<IReadOnlyList<string>> EntityTypesAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.AuditEntries.Where(a => a.EntityType != null).Select(a => a.EntityType!).Distinct().OrderBy(t => t).ToListAsync(ct);
    }
}
