using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Core.Audit;

namespace Platform.Data.Audit;

/// <summary>
/// Writes to the audit log each lift of the tenant filters that platform staff make: who, why and when. A lift opens
/// synchronously around a read, so its entry is queued here and written by a background writer in groups, off the page's path.
/// </summary>
public sealed class TenantLiftAudit(IServiceScopeFactory scopes, TimeProvider clock, ILogger<TenantLiftAudit> logger) : BackgroundService
{
    private readonly Channel<AuditEntry> _queue = Channel.CreateUnbounded<AuditEntry>(new UnboundedChannelOptions { SingleReader = true });

    public void Record(AuditActor actor, string reason) =>
        _queue.Writer.TryWrite(new AuditEntry(clock.GetUtcNow(), AuditActions.TenantFiltersLifted, actor, null, detail: reason));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await WriteWaitingAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await WriteWaitingAsync(CancellationToken.None); // what was queued before stopping
    }

    private async Task WriteWaitingAsync(CancellationToken ct)
    {
        var entries = new List<AuditEntry>();
        while (entries.Count < 500 && _queue.Reader.TryRead(out var entry))
        {
            entries.Add(entry);
        }
        if (entries.Count == 0)
        {
            return;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await using var db = await scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<PlatformDbContext>>()
                .CreateDbContextAsync(ct);
            db.AuditEntries.AddRange(entries);
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not write {Count} audit entries of tenant-filter lifts", entries.Count);
        }
    }
}
