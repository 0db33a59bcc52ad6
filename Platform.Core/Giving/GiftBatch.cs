using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Core.Common;
using Platform.Core.Data;
using Platform.Core.Ledger;
using Platform.Core.Payments;
using Platform.Core.Tenancy;

namespace Platform.Core.Giving;

/// <summary>
/// Writes a batch of gift writes in one transaction, each charity's share saved inside that charity's tenant scope, each
/// change audited for the person it was made for. A batch of one behaves as a lone write always did: a repeated key or
/// event is answered, not thrown; in a larger batch it throws, and the writer retries the writes one by one.
/// </summary>
public sealed class GiftBatch(IPlatformDbFactory dbFactory, ITenantContext tenant, LedgerService ledger, TimeProvider clock, ILogger<GiftBatch> logger)
{
    private const string EventScope = "gateway-event";

    /// <summary>
    /// Writes the batch in one transaction: gifts recorded pending, then charges, then confirmations, then gifts settled
    /// without a charge, and answers each write in order: true for a gift recorded (false when its key was taken) and for a
    /// charge; a <see cref="ConfirmationOutcome"/> for a confirmation; true for an uncharged gift settled (false when it was
    /// no longer pending).
    /// </summary>
    public async Task<IReadOnlyList<object>> WriteAsync(IReadOnlyList<GiftWrite> writes, CancellationToken ct = default)
    {
        var results = new object[writes.Count];
        await using var db = await dbFactory.CreateAsync(ct);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // A failed save fails the whole batch (its writes are then tried one by one), so no save needs a savepoint to
            // roll back to: without them each save is two round trips shorter.
            db.Database.AutoSavepointsEnabled = false;
            // Each step starts with nothing tracked, so each save looks at its own changes only.
            await RecordPendingAsync(db, Of<PendingGift>(writes), results, ct);
            db.ChangeTracker.Clear();
            await RecordChargesAsync(db, Of<AcceptedCharge>(writes), results, ct);
            db.ChangeTracker.Clear();
            await ConfirmAsync(db, Of<GatewayConfirmation>(writes), results, ct);
            db.ChangeTracker.Clear();
            await SettleUnchargedAsync(db, Of<UnchargedGift>(writes), results, ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (writes.Count == 1 && db.IsUniqueViolation(e))
        {
            // Alone, a repeat is an answer: a gift's key already taken, or the same event applied by another delivery.
            return [writes[0] is GatewayConfirmation ? new ConfirmationOutcome(Result.Ok) : false];
        }
        return results;
    }

    private static List<(int Index, T Write)> Of<T>(IReadOnlyList<GiftWrite> writes) where T : GiftWrite =>
        writes.Select((w, i) => (i, w)).Where(x => x.w is T).Select(x => (x.i, (T)x.w)).ToList();

    private async Task RecordPendingAsync(IPlatformDb db, List<(int Index, PendingGift Gift)> gifts, object[] results, CancellationToken ct)
    {
        foreach (var charity in gifts.GroupBy(g => g.Gift.Donation.OrganizationId).OrderBy(g => g.Key))
        {
            using (tenant.ForOrganization(charity.Key))
            {
                foreach (var (index, (donation, monthly, actor)) in charity)
                {
                    db.Donations.Add(donation);
                    db.Attribute(donation, actor);
                    if (monthly is not null)
                    {
                        db.RecurringGifts.Add(monthly);
                        db.Attribute(monthly, actor);
                    }
                    results[index] = true;
                }
                await db.SaveChangesAsync(ct);
            }
        }
    }

    /// <summary>
    /// Records the charge id of each gift whose card the gateway accepted. The gift is the one just recorded pending, so it
    /// is attached as it is rather than read again; only its charge id is written, so a confirmation that got there first
    /// (and wrote the same id) loses nothing.
    /// </summary>
    private async Task RecordChargesAsync(IPlatformDb db, List<(int Index, AcceptedCharge Charge)> charges, object[] results, CancellationToken ct)
    {
        foreach (var charity in charges.GroupBy(c => c.Charge.Donation.OrganizationId).OrderBy(g => g.Key))
        {
            using (tenant.ForOrganization(charity.Key))
            {
                foreach (var (index, (gift, chargeId, actor)) in charity)
                {
                    var entry = db.Donations.Attach(gift);
                    gift.Confirming(chargeId);
                    entry.Property(d => d.ChargeId).IsModified = true; // written even if a failed batch already set it on this object
                    db.Attribute(gift, actor);
                    results[index] = true;
                }
                await db.SaveChangesAsync(ct);
            }
        }
    }

    /// <summary>
    /// Settles pending gifts the gateway never accepted a charge for: declined (failed, with the decline's message) or never
    /// charged at all (abandoned). A gift no longer pending (a confirmation got there first) is left as it is; a monthly
    /// gift that was to start with it never starts.
    /// </summary>
    private async Task SettleUnchargedAsync(IPlatformDb db, List<(int Index, UnchargedGift Gift)> gifts, object[] results, CancellationToken ct)
    {
        foreach (var charity in gifts.GroupBy(g => g.Gift.OrganizationId).OrderBy(g => g.Key))
        {
            using (tenant.ForOrganization(charity.Key))
            {
                var ids = charity.Select(g => g.Gift.DonationId).Distinct().ToList();
                var donations = await db.Donations.Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
                var monthlyIds = donations.Values.Where(d => d.RecurringGiftId is not null).Select(d => d.RecurringGiftId!.Value).ToList();
                var monthlies = monthlyIds.Count == 0
                    ? []
                    : await db.RecurringGifts.Where(r => monthlyIds.Contains(r.Id) && r.Status == RecurringStatus.Pending).ToDictionaryAsync(r => r.Id, ct);
                foreach (var (index, (donationId, _, declineMessage, actor)) in charity)
                {
                    results[index] = false;
                    if (donations.GetValueOrDefault(donationId) is not { Status: DonationStatus.Pending } gift)
                    {
                        continue;
                    }
                    db.Attribute(gift, actor);
                    if (declineMessage is null)
                    {
                        gift.Abandon();
                    }
                    else
                    {
                        gift.Fail(declineMessage);
                    }
                    if (gift.RecurringGiftId is { } recurringId && monthlies.GetValueOrDefault(recurringId) is { } monthly)
                    {
                        db.Attribute(monthly, actor);
                        monthly.NeverStarted(declineMessage ?? "The first month was never charged.");
                    }
                    results[index] = true;
                }
                await db.SaveChangesAsync(ct);
            }
        }
    }

    /// <summary>
    /// Applies verified gateway events. Each applied event's id is recorded in the same transaction as its effect, so a
    /// repeated delivery changes nothing; an event refused (another charge, a wrong amount) changes nothing either.
    /// </summary>
    private async Task ConfirmAsync(IPlatformDb db, List<(int Index, GatewayConfirmation Confirmation)> confirmations, object[] results,
        CancellationToken ct)
    {
        if (confirmations.Count == 0)
        {
            return;
        }
        var gifts = await FindAsync(db, confirmations.Select(c => c.Confirmation.Event).ToList(), ct);
        for (var i = 0; i < confirmations.Count; i++)
        {
            if (gifts[i] is null)
            {
                var unknown = confirmations[i].Confirmation.Event;
                logger.LogWarning("Gateway event {EventId} for unknown charge {ChargeId}", unknown.Id, unknown.ChargeId);
                results[confirmations[i].Index] = new ConfirmationOutcome(Result.Fail("Unknown charge."));
            }
        }
        var now = clock.GetUtcNow();
        foreach (var charity in Enumerable.Range(0, confirmations.Count).Where(i => gifts[i] is not null).GroupBy(i => gifts[i]!.Gift.OrganizationId).OrderBy(g => g.Key))
        {
            using (tenant.ForOrganization(charity.Key))
            {
                var these = charity.Select(i => (confirmations[i].Index, confirmations[i].Confirmation, gifts[i]!)).ToList();
                await ConfirmForCharityAsync(db, charity.Key, these, results, now, ct);
                await db.SaveChangesAsync(ct);
            }
        }
    }

    private async Task ConfirmForCharityAsync(IPlatformDb db, Guid charityId, List<(int Index, GatewayConfirmation Confirmation, FoundGift Found)> events,
        object[] results, DateTimeOffset now, CancellationToken ct)
    {
        var monthlyIds = events.Select(e => e.Found.Gift).Distinct().Where(d => d.RecurringGiftId is not null).Select(d => d.RecurringGiftId!.Value).ToList();
        var monthlies = monthlyIds.Count == 0
            ? []
            : await db.RecurringGifts.Where(r => monthlyIds.Contains(r.Id) && r.Status == RecurringStatus.Pending).ToDictionaryAsync(r => r.Id, ct);

        // Every event is judged before anything changes, so a refused one leaves its gift as it was, and receipt numbers
        // are taken for exactly the gifts that succeed.
        var succeeding = new List<(int Index, Donation Gift, FoundGift Found)>();
        var settled = new HashSet<Guid>();
        foreach (var (i, (gatewayEvent, actor), found) in events)
        {
            var gift = found.Gift;
            results[i] = new ConfirmationOutcome(Result.Ok);
            var succeeded = gatewayEvent.Type == GatewayEvent.ChargeSucceeded;
            if (!gift.AwaitsConfirmation(succeeded) || settled.Contains(gift.Id))
            {
                continue; // settled already (here too, by an earlier event of this batch): a repeat, or another event for the same charge
            }
            if (gift.ChargeId is not null && gift.ChargeId != gatewayEvent.ChargeId)
            {
                results[i] = new ConfirmationOutcome(Result.Fail("The event is for another charge of this gift."));
                continue;
            }
            if (succeeded && (gatewayEvent.Amount != gift.Charged.Amount || gatewayEvent.Currency != gift.Currency))
            {
                logger.LogError("Gateway event {EventId} confirms {Amount} {Currency} but gift {DonationId} charged {Charged}",
                    gatewayEvent.Id, gatewayEvent.Amount, gatewayEvent.Currency, gift.Id, gift.Charged);
                results[i] = new ConfirmationOutcome(Result.Fail("The confirmed amount does not match the gift."));
                continue;
            }
            settled.Add(gift.Id);
            db.IdempotencyRecords.Add(new IdempotencyRecord(EventScope, gatewayEvent.Id, gatewayEvent.Type, now));
            db.Attribute(gift, actor);
            gift.Confirming(gatewayEvent.ChargeId);
            var monthly = gift.RecurringGiftId is { } recurringId ? monthlies.GetValueOrDefault(recurringId) : null;
            if (monthly is not null)
            {
                db.Attribute(monthly, actor);
            }
            if (succeeded)
            {
                succeeding.Add((i, gift, found));
                monthly?.Activate(); // the first month went through
            }
            else
            {
                gift.Fail(ChargeResult.Explain(gatewayEvent.DeclineCode));
                monthly?.NeverStarted(gift.FailureMessage!);
            }
        }
        if (succeeding.Count == 0)
        {
            return;
        }

        var first = await db.NextNumbersAsync(charityId, GivingService.ReceiptSequence, now.Year, succeeding.Count, ct);
        foreach (var (number, (i, gift, found)) in succeeding.Select((s, n) => (first + n, s)))
        {
            gift.Succeed($"R-{now.Year}-{number:D6}", now);
            await ledger.PostAsync(db, $"donation:{gift.Id}", $"Gift {gift.ReceiptNumber}", gift.OrganizationId,
            [
                Posting.Debit(AccountKeys.GatewayClearing, gift.Charged),
                Posting.Credit(AccountKeys.Payable(gift.OrganizationId), gift.NetToCharity, gift.OrganizationId),
                Posting.Credit(AccountKeys.PlatformFees, gift.FeeMoney),
            ], ct);
            db.JourneySteps.Add(new JourneyStep(gift, JourneyStage.Received, "Your gift arrived.", null, null, null, null, now));
            results[i] = new ConfirmationOutcome(Result.Ok, gift, found.Charity, found.ProgramName);
        }
    }

    /// <summary>
    /// The gift each event is for, tracked for the changes to come, by our own reference first (the confirmation can arrive
    /// before we know the charge id), with what its receipt names; null for an event of no gift of ours.
    /// </summary>
    private async Task<FoundGift?[]> FindAsync(IPlatformDb db, List<GatewayEvent> events, CancellationToken ct)
    {
        var references = events.Select(e => Guid.TryParse(e.Reference, out var reference) ? reference : (Guid?)null).ToList();
        var ids = references.OfType<Guid>().Distinct().ToList();
        var charges = events.Where((_, i) => references[i] is null).Select(e => e.ChargeId).Distinct().ToList();

        using var _ = tenant.AcrossTenants("gateway webhook: find the gifts charges belong to");
        var gifts = charges.Count == 0
            ? db.Donations.Where(d => ids.Contains(d.Id))
            : db.Donations.Where(d => ids.Contains(d.Id) || (d.ChargeId != null && charges.Contains(d.ChargeId)));
        var rows = await gifts
            .Join(db.Organizations, d => d.OrganizationId, o => o.Id, (d, o) => new { Gift = d, Charity = o })
            .Join(db.Programs, x => x.Gift.ProgramId, p => p.Id, (x, p) => new FoundGift(x.Gift, x.Charity, p.Name))
            .ToListAsync(ct);
        var byId = rows.ToDictionary(r => r.Gift.Id);
        var byCharge = rows.Where(r => r.Gift.ChargeId is not null).ToLookup(r => r.Gift.ChargeId!);
        return events.Select((e, i) => references[i] is { } reference ? byId.GetValueOrDefault(reference) : byCharge[e.ChargeId].FirstOrDefault())
            .ToArray();
    }

    private sealed record FoundGift(Donation Gift, Organization Charity, string ProgramName);
}
