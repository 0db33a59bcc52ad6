using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Core.Common;
using Platform.Core.Data;
using Platform.Core.Jobs;
using Platform.Core.Messaging;
using Platform.Core.Payments;
using Platform.Core.Tenancy;

namespace Platform.Core.Giving;

public sealed record RecurringRunResult(int Due, int Charged, int Declined, int Suspended, int Waiting, int Errors);

public sealed record DonorRecurringGift(Guid Id, string CharityName, string ProgramName, Money Amount, RecurringStatus Status,
    DateTimeOffset NextChargeAt, DateTimeOffset? RetryAt, string? LastFailure, string CardLast4, DateTimeOffset CreatedAt, Guid ProgramId = default)
{
    /// <summary>When the card is charged next: the retry date while a declined month is being retried.</summary>
    public DateTimeOffset NextCharge => RetryAt ?? NextChargeAt;
}

/// <summary>One charge of a monthly gift, as the donor sees it under that gift: paid, declined (and why) or awaiting the gateway.</summary>
public sealed record RecurringAttempt(Guid DonationId, Guid RecurringGiftId, DateTimeOffset At, Money Amount, DonationStatus Status,
    string? FailureMessage, string? ReceiptNumber);

/// <summary>Who asks for a change to a monthly gift: the signed-in donor, or nobody (a signed one-click link).</summary>
public sealed record DonorRef(Guid UserId, string Email);

/// <summary>
/// Monthly gifts after their first month: the job's charging of every gift that is due (resumable, one gift at a time,
/// each attempt recorded before its charge), retries and suspension with emails, and the donor's own changes.
/// </summary>
public sealed class RecurringGivingService(
    IPlatformDbFactory dbFactory,
    ITenantContext tenant,
    GivingService giving,
    IPaymentGateway gateway,
    IMailer mailer,
    IAppLinks links,
    GivingOptions options,
    TimeProvider clock,
    ILogger<RecurringGivingService> logger)
{
    private static readonly DonationStatus[] Settled = [DonationStatus.Succeeded, DonationStatus.PartiallyRefunded, DonationStatus.Refunded];

    /// <summary>
    /// Charges every active monthly gift that is due by <paramref name="asOf"/> (now when null; staff give an earlier date
    /// to catch up a missed day), or has an attempt waiting to be settled.
    /// </summary>
    public async Task<RecurringRunResult> ChargeDueAsync(IJobProgress progress, CancellationToken ct = default, DateTimeOffset? asOf = null)
    {
        var now = asOf ?? clock.GetUtcNow();
        List<(Guid Id, Guid OrganizationId)> due;
        using (tenant.AcrossTenants("recurring gifts: every charity's monthly gifts that are due"))
        {
            await using var db = await dbFactory.CreateAsync(ct);
            due = (await db.RecurringGifts.AsNoTracking()
                    .Where(r => r.Status == RecurringStatus.Active
                                && (r.PendingAttemptKey != null || (r.RetryAt != null ? r.RetryAt <= now : r.NextChargeAt <= now)))
                    .OrderBy(r => r.NextChargeAt)
                    .Select(r => new { r.Id, r.OrganizationId })
                    .ToListAsync(ct))
                .Select(r => (r.Id, r.OrganizationId)).ToList();
        }
        progress.Total(due.Count);
        progress.Log($"{due.Count} monthly gifts due.");
        int charged = 0, declined = 0, suspended = 0, waiting = 0, errors = 0;
        foreach (var (id, organizationId) in due)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                switch (await ChargeAsync(id, organizationId, now, ct))
                {
                    case MonthOutcome.Paid: charged++; break;
                    case MonthOutcome.Declined: declined++; break;
                    case MonthOutcome.Suspended: suspended++; break;
                    case MonthOutcome.Waiting: waiting++; break;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One gift's trouble does not stop the others; the next run picks it up where it was left.
                errors++;
                logger.LogError(e, "Monthly gift {RecurringGiftId} could not be charged", id);
                progress.Log($"Gift {id}: {e.Message}");
            }
            progress.Done();
        }
        var result = new RecurringRunResult(due.Count, charged, declined, suspended, waiting, errors);
        progress.Log($"Paid {charged}, declined {declined}, suspended {suspended}, awaiting confirmation {waiting}, errors {errors}.");
        if (errors > 0 && errors == due.Count)
        {
            throw new InvalidOperationException($"None of the {due.Count} due monthly gifts could be charged.");
        }
        return result;
    }

    private enum MonthOutcome
    {
        NotDue,
        Waiting,
        Paid,
        Declined,
        Suspended,
    }

    private async Task<MonthOutcome> ChargeAsync(Guid id, Guid organizationId, DateTimeOffset asOf, CancellationToken ct)
    {
        using var _ = tenant.ForOrganization(organizationId);
        await using var db = await dbFactory.CreateAsync(ct);
        var gift = await db.RecurringGifts.SingleAsync(r => r.Id == id, ct);
        if (gift.PendingAttemptKey is null)
        {
            if (gift.Status != RecurringStatus.Active || gift.DueAt > asOf)
            {
                return MonthOutcome.NotDue;
            }
            gift.StartAttempt();
            await db.SaveChangesAsync(ct); // the attempt is on record before the card is charged
        }

        var donation = await giving.ChargeMonthAsync(gift, gift.PendingAttemptKey!, ct);
        if (donation.Status == DonationStatus.Abandoned)
        {
            // The attempt's card was never charged (we stopped before charging it): a new attempt, under a new key.
            gift.StartAttempt();
            await db.SaveChangesAsync(ct);
            donation = await giving.ChargeMonthAsync(gift, gift.PendingAttemptKey!, ct);
        }
        if (donation.Status == DonationStatus.Pending)
        {
            return MonthOutcome.Waiting; // the gateway confirms by webhook; the next run settles it
        }
        if (Settled.Contains(donation.Status))
        {
            gift.MonthPaid();
            await db.SaveChangesAsync(ct);
            return MonthOutcome.Paid;
        }

        var nextTry = gift.AttemptFailed(donation.FailureMessage ?? "The card was declined.");
        await db.SaveChangesAsync(ct);
        var names = await NamesAsync(db, gift, ct);
        await mailer.SendAsync(gift.DonorEmail, new RecurringDeclinedEmail(gift.DonorName, names.Charity, names.Program, gift.Gift,
            gift.LastFailure!, nextTry, RecurringLinks.For(links, gift.Id, gift.Status)), ct);
        return nextTry is null ? MonthOutcome.Suspended : MonthOutcome.Declined;
    }

    /// <summary>The donor's monthly gifts, found by their account or their confirmed address.</summary>
    public async Task<IReadOnlyList<DonorRecurringGift>> DonorGiftsAsync(DonorRef donor, CancellationToken ct = default)
    {
        var email = Validation.NormalizeEmail(donor.Email);
        List<RecurringGift> gifts;
        using (tenant.ForPerson(donor.UserId, email))
        {
            await using var own = await dbFactory.CreateAsync(ct);
            gifts = await own.RecurringGifts.AsNoTracking().Where(r => r.Status != RecurringStatus.Pending)
                .OrderByDescending(r => r.CreatedAt).ToListAsync(ct);
        }
        var programIds = gifts.Select(g => g.ProgramId).Distinct().ToList();
        var charityIds = gifts.Select(g => g.OrganizationId).Distinct().ToList();
        using var _ = tenant.AcrossTenants("public catalogue: names of the charities and programs of a donor's monthly gifts");
        await using var db = await dbFactory.CreateAsync(ct);
        var programs = await db.Programs.Where(p => programIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var charities = await db.Organizations.Where(o => charityIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return gifts.Select(r => new DonorRecurringGift(r.Id, charities.GetValueOrDefault(r.OrganizationId, "?"),
            programs.GetValueOrDefault(r.ProgramId, "?"), new Money(r.Amount, r.Currency), r.Status, r.NextChargeAt, r.RetryAt,
            r.LastFailure, r.CardLast4, r.CreatedAt, r.ProgramId)).ToList();
    }

    /// <summary>Gifts with their charity's and program's names, as the donor sees them.</summary>
    private static IQueryable<DonorRecurringGift> Rows(IPlatformDb db, IQueryable<RecurringGift> gifts) => gifts
        .Join(db.Programs, r => r.ProgramId, p => p.Id, (r, p) => new { r, Program = p.Name })
        .Join(db.Organizations, x => x.r.OrganizationId, o => o.Id, (x, o) => new DonorRecurringGift(x.r.Id, o.Name, x.Program,
            new Money(x.r.Amount, x.r.Currency), x.r.Status, x.r.NextChargeAt, x.r.RetryAt, x.r.LastFailure, x.r.CardLast4, x.r.CreatedAt,
            x.r.ProgramId));

    /// <summary>Every charge of the donor's monthly gifts, newest first, to list under each gift.</summary>
    public async Task<IReadOnlyList<RecurringAttempt>> AttemptsAsync(DonorRef donor, CancellationToken ct = default)
    {
        var email = Validation.NormalizeEmail(donor.Email);
        using var _ = tenant.ForPerson(donor.UserId, email);
        await using var db = await dbFactory.CreateAsync(ct);
        var rows = await db.Donations.AsNoTracking().Where(d => d.RecurringGiftId != null).ToListAsync(ct);
        return rows.OrderByDescending(d => d.CreatedAt)
            .Select(d => new RecurringAttempt(d.Id, d.RecurringGiftId!.Value, d.CreatedAt, d.Charged, d.Status, d.FailureMessage, d.ReceiptNumber))
            .ToList();
    }

    /// <summary>
    /// Pause, resume, skip the next month or cancel. <paramref name="donor"/> is the signed-in donor, who must own the gift;
    /// null means the request came through a signed one-click link, which already proves it.
    /// </summary>
    public async Task<Result> ManageAsync(Guid id, RecurringAction action, DonorRef? donor, CancellationToken ct = default)
    {
        return await ChangeAsync(id, donor, gift =>
        {
            if (!gift.Can(action))
            {
                return Result.Fail($"A {StatusNames.InSentence(gift.Status)} monthly gift cannot be {Past(action)}.");
            }
            gift.Apply(action, clock.GetUtcNow());
            return Result.Ok;
        }, ct);
    }

    public async Task<Result> ChangeAmountAsync(Guid id, decimal amount, DonorRef donor, CancellationToken ct = default)
    {
        var validation = new Validation()
            .When(decimal.Round(amount, 2) != amount, "Amount", "The amount can have at most two decimals.");
        if (!validation.IsValid)
        {
            return Result.From(validation);
        }
        return await ChangeAsync(id, donor, gift =>
        {
            // The limits are in the gift's own currency, and said as money.
            if (amount < options.MinimumAmount)
            {
                return Result.Fail("Amount", $"The smallest monthly gift is {new Money(options.MinimumAmount, gift.Currency).Format()}.");
            }
            if (amount > Math.Min(options.MaximumAmount, Money.MaxEntry))
            {
                return Result.Fail("Amount", $"The largest monthly gift is {new Money(Math.Min(options.MaximumAmount, Money.MaxEntry), gift.Currency).Format()}.");
            }
            if (gift.Status is RecurringStatus.Cancelled)
            {
                return Result.Fail("A cancelled monthly gift cannot be changed.");
            }
            gift.ChangeAmount(new Money(amount, gift.Currency));
            return Result.Ok;
        }, ct);
    }

    /// <summary>
    /// Charges the gift to another card from now on: the card is saved with the gateway (as a gift's card is on the give
    /// page) and only its token is kept. With <paramref name="resume"/>, a paused or suspended gift is resumed in the same
    /// change. <paramref name="donor"/> as in <see cref="ManageAsync"/>.
    /// </summary>
    public async Task<Result> ChangeCardAsync(Guid id, CardDetails card, DonorRef? donor, bool resume, CancellationToken ct = default)
    {
        if (await DescribeOwnAsync(id, donor, ct) is not { } described)
        {
            return Result.Fail("Monthly gift not found.");
        }
        if (described.Status == RecurringStatus.Cancelled)
        {
            return Result.Fail("A cancelled monthly gift cannot be changed. Give again to start a new one.");
        }
        var saved = await gateway.TokenizeAsync(card, ct);
        if (!saved.Succeeded)
        {
            return saved.Status;
        }
        return await ChangeAsync(id, donor, gift =>
        {
            if (gift.Status == RecurringStatus.Cancelled)
            {
                return Result.Fail("A cancelled monthly gift cannot be changed. Give again to start a new one.");
            }
            gift.ChangeCard(saved.Value!.Token, saved.Value.Last4);
            if (resume && gift.Can(RecurringAction.Resume))
            {
                gift.Apply(RecurringAction.Resume, clock.GetUtcNow());
            }
            return Result.Ok;
        }, ct);
    }

    private async Task<DonorRecurringGift?> DescribeOwnAsync(Guid id, DonorRef? donor, CancellationToken ct)
    {
        var gift = await DescribeAsync(id, ct);
        return donor is null || gift is null || (await DonorGiftsAsync(donor, ct)).Any(g => g.Id == id) ? gift : null;
    }

    /// <summary>What a one-click link would do, for its confirmation page; null when the gift does not exist.</summary>
    public async Task<DonorRecurringGift?> DescribeAsync(Guid id, CancellationToken ct = default)
    {
        using var _ = tenant.AcrossTenants("one-click link: the monthly gift it names");
        await using var db = await dbFactory.CreateAsync(ct);
        return await Rows(db, db.RecurringGifts.AsNoTracking().Where(r => r.Id == id && r.Status != RecurringStatus.Pending)).SingleOrDefaultAsync(ct);
    }

    private async Task<Result> ChangeAsync(Guid id, DonorRef? donor, Func<RecurringGift, Result> change, CancellationToken ct)
    {
        Guid? organizationId;
        using (donor is null
                   ? tenant.AcrossTenants("one-click link: finding the charity of the monthly gift it names")
                   : tenant.ForPerson(donor.UserId, Validation.NormalizeEmail(donor.Email)))
        {
            await using var lookup = await dbFactory.CreateAsync(ct);
            var email = donor is null ? null : Validation.NormalizeEmail(donor.Email);
            organizationId = await lookup.RecurringGifts
                .Where(r => r.Id == id && (donor == null || r.DonorUserId == donor.UserId || r.DonorEmail == email))
                .Select(r => (Guid?)r.OrganizationId).SingleOrDefaultAsync(ct);
        }
        if (organizationId is null)
        {
            return Result.Fail("Monthly gift not found.");
        }
        using var _ = tenant.ForOrganization(organizationId.Value);
        await using var db = await dbFactory.CreateAsync(ct);
        var gift = await db.RecurringGifts.SingleAsync(r => r.Id == id, ct);
        var result = change(gift);
        if (!result.Succeeded)
        {
            return result;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result.Fail("The gift was being charged just now. Try again in a moment.");
        }
        return Result.Ok;
    }

    private static string Past(RecurringAction action) => action switch
    {
        RecurringAction.Pause => "paused",
        RecurringAction.Resume => "resumed",
        RecurringAction.Skip => "skipped",
        _ => "cancelled",
    };

    private static async Task<(string Charity, string Program)> NamesAsync(IPlatformDb db, RecurringGift gift, CancellationToken ct) =>
        (await db.Organizations.Where(o => o.Id == gift.OrganizationId).Select(o => o.Name).SingleAsync(ct),
            await db.Programs.Where(p => p.Id == gift.ProgramId).Select(p => p.Name).SingleAsync(ct));
}
