using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Core.Audit;
using Platform.Core.Data;
using Platform.Core.Jobs;
using Platform.Core.Payments;
using Platform.Core.Tenancy;

namespace Platform.Core.Giving;

public sealed record ReconcileRunResult(int Looked, int Succeeded, int Failed, int Abandoned, int Processing);

/// <summary>A gift still waiting for its confirmation, as the charity's team sees it.</summary>
public sealed record StuckGifts(int Count, DateTimeOffset? OldestSince);

/// <summary>
/// Settles gifts left pending: a gift is recorded before its card is charged, so a process stopped between the gateway's
/// answer and our record of it (or a confirmation that never came) leaves a gift pending while the gateway knows what
/// happened. For each gift pending longer than <see cref="GivingOptions.ReconcileAfter"/>, the gateway is asked what it
/// did under the gift's idempotency key, and its answer is applied as its webhook would be: a succeeded or failed charge
/// through the same confirmation (receipt, ledger, journey, email, each once, whoever gets there first), a decline as a
/// failed gift, and no charge at all as an abandoned gift (no money moved; not shown as a gift).
/// </summary>
public sealed class GiftReconciler(
    IPlatformDbFactory dbFactory,
    ITenantContext tenant,
    IPaymentGateway gateway,
    GivingService giving,
    GiftWriter writer,
    ICurrentActor actor,
    GivingOptions options,
    TimeProvider clock,
    ILogger<GiftReconciler> logger)
{
    /// <summary>The most gifts one run looks at; the next run takes the rest.</summary>
    public const int Batch = 500;

    public async Task<ReconcileRunResult> ReconcileAsync(IJobProgress progress, CancellationToken ct = default)
    {
        var waiting = await WaitingAsync(ct);
        progress.Total(waiting.Count);
        if (waiting.Count > 0)
        {
            progress.Log($"{waiting.Count} gifts pending for more than {options.ReconcileAfter.TotalMinutes:0.#} minutes.");
        }
        int succeeded = 0, failed = 0, abandoned = 0, processing = 0;
        foreach (var gift in waiting)
        {
            ct.ThrowIfCancellationRequested();
            var lookup = await gateway.FindChargeAsync(gift.IdempotencyKey, ct);
            switch (lookup)
            {
                case { Charge: null }:
                    await writer.SettleUnchargedAsync(new UnchargedGift(gift.Id, gift.OrganizationId, null, actor.Actor), ct);
                    abandoned++;
                    break;
                case { Charge: { Status: ChargeStatus.Declined } declined }:
                    await writer.SettleUnchargedAsync(new UnchargedGift(gift.Id, gift.OrganizationId,
                        declined.Message ?? ChargeResult.Explain(declined.DeclineCode), actor.Actor), ct);
                    failed++;
                    break;
                case { Outcome: { } outcome }:
                    var applied = await giving.ApplyGatewayEventAsync(outcome, ct);
                    if (!applied.Succeeded)
                    {
                        logger.LogError("Gift {DonationId}: the gateway's event {EventId} was refused: {Reason}", gift.Id, outcome.Id, applied.Summary);
                        progress.Log($"Gift {gift.Id}: {applied.Summary}");
                    }
                    else if (outcome.Type == GatewayEvent.ChargeSucceeded)
                    {
                        succeeded++;
                    }
                    else
                    {
                        failed++;
                    }
                    break;
                default:
                    processing++; // accepted, not settled yet: its event is still to come, or the next run asks again
                    break;
            }
            progress.Done();
        }
        var result = new ReconcileRunResult(waiting.Count, succeeded, failed, abandoned, processing);
        if (waiting.Count > 0)
        {
            progress.Log($"Succeeded {succeeded}, failed {failed}, abandoned {abandoned}, still processing {processing}.");
        }
        return result;
    }

    /// <summary>The current charity's gifts waiting longer than they should for the gateway (staff see them on the donations page).</summary>
    public async Task<StuckGifts> StuckAsync(CancellationToken ct = default)
    {
        var before = clock.GetUtcNow() - options.ReconcileAfter;
        await using var db = await dbFactory.CreateAsync(ct);
        var stuck = db.Donations.AsNoTracking().Where(d => d.Status == DonationStatus.Pending && d.CreatedAt < before);
        var count = await stuck.CountAsync(ct);
        return new StuckGifts(count, count == 0 ? null : await stuck.MinAsync(d => d.CreatedAt, ct));
    }

    private async Task<List<(Guid Id, Guid OrganizationId, string IdempotencyKey)>> WaitingAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow() - options.ReconcileAfter;
        using var _ = tenant.AcrossTenants("gift reconcile: every charity's gifts left pending");
        await using var db = await dbFactory.CreateAsync(ct);
        var rows = await db.Donations.AsNoTracking()
            .Where(d => d.Status == DonationStatus.Pending && d.CreatedAt < before)
            .OrderBy(d => d.CreatedAt).Take(Batch)
            .Select(d => new { d.Id, d.OrganizationId, d.IdempotencyKey })
            .ToListAsync(ct);
        return rows.Select(r => (r.Id, r.OrganizationId, r.IdempotencyKey)).ToList();
    }
}
