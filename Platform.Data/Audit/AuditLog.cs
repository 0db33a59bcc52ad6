using Microsoft.EntityFrameworkCore;
using Platform.Core.Audit;

namespace Platform.Data.Audit;

/// <summary>Writes security events straight to the audit table.</summary>
internal sealed class AuditLog(IDbContextFactory<PlatformDbContext> factory, ICurrentActor actor, TimeProvider clock) : IAuditLog
{
    public async Task RecordAsync(string action, Guid? userId, string? userName, string? detail = null, Guid? organizationId = null,
        CancellationToken cancellationToken = default)
    {
        var who = actor.Actor with { UserId = userId ?? actor.Actor.UserId, UserName = userName ?? actor.Actor.UserName };
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), action, who, organizationId, detail: detail));
        await db.SaveChangesAsync(cancellationToken);
    }
}

internal sealed class SystemActor : ICurrentActor
{
    public AuditActor Actor => AuditActor.System;
}
