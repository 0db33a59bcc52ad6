using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Core.Audit;
using Platform.Core.Common;
using Platform.Core.Data;
using Platform.Core.Ledger;
using Platform.Core.Messaging;
using Platform.Core.Payments;
using Platform.Core.Tenancy;

namespace Platform.Core.Giving;

public sealed record GiveRequest(Guid ProgramId, decimal Amount, CardDetails Card, GiftDetails Details, string IdempotencyKey,
    JourneyStage[]? MilestoneEmails = null, bool Monthly = false);

/// <summary>A gift as the charity's team sees it; <paramref name="Net"/> is what the charity keeps, after the fee and any refunds.</summary>
public sealed record CharityGift(Guid Id, string? ReceiptNumber, string Donor, string? Email, string ProgramName, Money Charged,
    Money Net, Money Refunded, DonationStatus Status, JourneyStage Stage, DateTimeOffset CreatedAt, string? Dedication,
    DateTimeOffset? RefundedAt = null, Money? Fee = null, string? CardLast4 = null, string? FailureMessage = null)
{
    public Money Refundable => Charged - Refunded;
}

public sealed record GiveOutcome(Guid DonationId, DonationStatus Status, string? Message, Money Charged);

/// <summary>
/// Taking a gift: validation, a pending donation keyed by the donor's idempotency key, the card charge; and, when the
/// gateway confirms, the receipt number, the ledger entry and the journey's first step in one transaction, then the
/// receipt email. Its writes go through <see cref="GiftWriter"/>, which groups concurrent gifts into shared commits.
/// Refunds reverse through the ledger the same way.
/// </summary>
public sealed class GivingService(
    IPlatformDbFactory dbFactory,
    ITenantContext tenant,
    IPaymentGateway gateway,
    GiftWriter writer,
    ICurrentActor actor,
    LedgerService ledger,
    IMailer mailer,
    IAppLinks links,
    EventBus events,
    GivingOptions options,
    TimeProvider clock,
    PublicCatalogue catalogue,
    ILogger<GivingService> logger)
{
    public const string ReceiptSequence = "receipt";

    /// <summary>The configured largest gift, never above what anyone may type (<see cref="Money.MaxEntry"/>).</summary>
    private decimal LargestGift => Math.Min(options.MaximumAmount, Money.MaxEntry);

    public Money FeeFor(Money gift) =>
        new Money(gift.Amount * options.FeePercent / 100m + options.FeeFixed, gift.Currency).Round();

    public async Task<Result<GiveOutcome>> GiveAsync(GiveRequest request, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey) || request.IdempotencyKey.Length > Donation.KeyMaxLength)
        {
            return Result.Fail("The form has expired. Reload the page and try again.");
        }
        // A repeated submission is found by its key when the insert meets the first one (or when the program has closed
        // since), not by a read ahead of every gift.
        CharityProgram? program;
        Organization? charity;
        using (tenant.AcrossTenants("public catalogue: the program a donor gives to"))
        {
            await using var db = await dbFactory.CreateAsync(ct);
            var found = await db.Programs.AsNoTracking().Where(p => p.Id == request.ProgramId)
                .Join(db.Organizations.AsNoTracking(), p => p.OrganizationId, o => o.Id, (p, o) => new { Program = p, Charity = o })
                .SingleOrDefaultAsync(ct);
            (program, charity) = (found?.Program, found?.Charity);
        }
        if (program is null || charity is null || !program.IsOpen || charity.IsReadOnly)
        {
            return await ExistingAsync(request.IdempotencyKey, ct) is { } earlier
                ? Result<GiveOutcome>.Ok(earlier)
                : Result.Fail("This program is not accepting gifts.");
        }
        var details = request.Details;
        var validation = new Validation()
            .Email("Email", details.Email)
            .Required("Name", details.Name, "Your name", Donation.NameMaxLength)
            .Optional("Dedication", details.Dedication, "Dedication", Donation.DedicationMaxLength)
            .Optional("PostalAddress", details.PostalAddress, "Postal address", Donation.AddressMaxLength)
            .When(charity.IsTaxDeductible && string.IsNullOrWhiteSpace(details.PostalAddress), "PostalAddress",
                "Your postal address is needed for your tax statement.")
            .When(request.Amount < options.MinimumAmount, "Amount", $"The smallest gift is {new Money(options.MinimumAmount, program.Currency)}.")
            .When(request.Amount > LargestGift, "Amount", $"The largest gift online is {new Money(LargestGift, program.Currency)}.")
            .When(decimal.Round(request.Amount, 2) != request.Amount, "Amount", "The amount can have at most two decimals.");
        if (!validation.IsValid)
        {
            return Result.From(validation);
        }
        var card = await gateway.TokenizeAsync(request.Card, ct);
        if (!card.Succeeded)
        {
            return card.Status;
        }

        var gift = new Money(request.Amount, program.Currency);
        var monthly = request.Monthly ? new RecurringGift(program, details, gift, card.Value!.Token, card.Value.Last4, clock.GetUtcNow()) : null;
        var donation = await ChargeAsync(program, charity, details, gift, card.Value!.Token, card.Value.Last4, request.IdempotencyKey,
            request.MilestoneEmails ?? [], monthly, ct);
        return donation is null
            ? Result<GiveOutcome>.Ok((await ExistingAsync(request.IdempotencyKey, ct))!) // a concurrent submit with the same key got there first
            : Result<GiveOutcome>.Ok(Outcome(donation));
    }

    /// <summary>
    /// One month of a monthly gift, charged to the card kept for it, under the attempt's key. Idempotent: an attempt that
    /// was already made (the run stopped after charging) is answered with its gift, not charged again.
    /// </summary>
    public async Task<Donation> ChargeMonthAsync(RecurringGift recurring, string attemptKey, CancellationToken ct = default)
    {
        if (await FindAsync(attemptKey, ct) is { } made)
        {
            return made;
        }
        CharityProgram program;
        Organization charity;
        using (tenant.ForOrganization(recurring.OrganizationId))
        {
            await using var db = await dbFactory.CreateAsync(ct);
            program = await db.Programs.AsNoTracking().SingleAsync(p => p.Id == recurring.ProgramId, ct);
            charity = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == recurring.OrganizationId, ct);
        }
        var details = new GiftDetails(recurring.DonorEmail, recurring.DonorName, recurring.PostalAddress, recurring.CoverFee, recurring.IsAnonymous,
            null, recurring.DonorUserId);
        var donation = await ChargeAsync(program, charity, details, recurring.Gift, recurring.CardToken, recurring.CardLast4, attemptKey,
            [], null, ct, linkTo: recurring.Id);
        return donation ?? (await FindAsync(attemptKey, ct))!;
    }

    /// <summary>
    /// Records the pending gift under its key, then charges the card. Null when the key was taken concurrently. A monthly
    /// gift started with it is saved beside it, and never starts if the card is declined.
    /// </summary>
    private async Task<Donation?> ChargeAsync(CharityProgram program, Organization charity, GiftDetails details, Money gift, string cardToken,
        string last4, string key, JourneyStage[] milestones, RecurringGift? monthly, CancellationToken ct, Guid? linkTo = null)
    {
        await ledger.EnsureAccountsAsync(dbFactory, AccountsFor(program.OrganizationId, program.Currency), ct);
        var donation = new Donation(program, details, gift, FeeFor(gift), key, clock.GetUtcNow());
        donation.PaidWith(last4);
        donation.MarkTaxDeductible(charity.IsTaxDeductible);
        donation.OptInto(milestones);
        if ((monthly?.Id ?? linkTo) is { } recurringId)
        {
            donation.LinkRecurringGift(recurringId);
        }
        if (!await writer.RecordPendingAsync(new PendingGift(donation, monthly, actor.Actor), ct))
        {
            return null;
        }

        var charge = await gateway.ChargeAsync(
            new ChargeRequest(key, donation.Charged, cardToken, $"Gift to {charity.Name}: {program.Name}", donation.Id.ToString()), ct);
        if (charge is { Status: ChargeStatus.Pending, ChargeId: { } chargeId })
        {
            await writer.RecordChargeAsync(new AcceptedCharge(donation, chargeId, actor.Actor), ct);
            return donation;
        }
        using (tenant.ForOrganization(program.OrganizationId))
        {
            await using var db = await dbFactory.CreateAsync(ct);
            db.Donations.Attach(donation);
            donation.Fail(charge.Message ?? ChargeResult.Explain(charge.DeclineCode));
            if (monthly is not null)
            {
                db.RecurringGifts.Attach(monthly);
                monthly.NeverStarted(donation.FailureMessage!);
            }
            await db.SaveChangesAsync(ct);
        }
        return donation;
    }

    /// <summary>
    /// Applies a verified gateway event (through <see cref="GiftWriter"/>, with others arriving meanwhile), then
    /// emails the receipt of a gift it made succeed.
    /// </summary>
    public async Task<Result> ApplyGatewayEventAsync(GatewayEvent gatewayEvent, CancellationToken ct = default)
    {
        var outcome = await writer.ConfirmAsync(new GatewayConfirmation(gatewayEvent, actor.Actor), ct);
        if (outcome is { Succeeded: { } gift, Charity: { } charity, ProgramName: { } programName })
        {
            // The donor's open thank-you page first; the receipt after, so that mail never holds the page up.
            await events.PublishAsync(new DonationSucceeded(gift.Id, gift.OrganizationId, gift.ProgramId));
            await SendReceiptAsync(gift, charity, programName, ct);
        }
        return outcome.Result;
    }

    /// <summary>Refunds part or all of a gift (owners and managers), reversing it in the ledger and telling the donor.</summary>
    public async Task<Result> RefundAsync(Guid donationId, decimal amount, string reason, string idempotencyKey, CancellationToken ct = default)
    {
        if (tenant.Role is not (MembershipRole.Owner or MembershipRole.Manager))
        {
            return Result.Fail("Only owners and managers can refund gifts.");
        }
        var validation = new Validation()
            .Required("Reason", reason, "Reason", Donation.RefundReasonMaxLength)
            .When(amount <= 0m, "Amount", "Enter the amount to refund.")
            .Amount("Amount", amount, "A refund")
            .When(decimal.Round(amount, 2) != amount, "Amount", "The amount can have at most two decimals.");
        if (!validation.IsValid)
        {
            return Result.From(validation);
        }
        await using var db = await dbFactory.CreateAsync(ct);
        if (await db.IdempotencyRecords.AnyAsync(r => r.Scope == "refund" && r.Key == idempotencyKey, ct))
        {
            return Result.Ok;
        }
        var donation = await db.Donations.SingleOrDefaultAsync(d => d.Id == donationId, ct);
        if (donation is null)
        {
            return Result.Fail("Gift not found.");
        }
        if (donation.Status is not (DonationStatus.Succeeded or DonationStatus.PartiallyRefunded) || donation.ChargeId is null)
        {
            return Result.Fail("Only completed gifts can be refunded.");
        }
        var refund = new Money(amount, donation.Currency);
        if (amount > donation.Kept.Amount)
        {
            return Result.Fail("Amount", $"At most {donation.Kept} is left to refund.");
        }
        var answer = await gateway.RefundAsync(new RefundRequest(idempotencyKey, donation.ChargeId, refund), ct);
        if (!answer.Succeeded)
        {
            return Result.Fail(answer.Message ?? "The gateway refused the refund.");
        }
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            db.IdempotencyRecords.Add(new IdempotencyRecord("refund", idempotencyKey, answer.RefundId, clock.GetUtcNow()));
            donation.Refund(refund, clock.GetUtcNow());
            await ledger.PostAsync(db, $"refund:{idempotencyKey}", $"Refund on {donation.ReceiptNumber}: {reason.Trim()}", donation.OrganizationId,
            [
                Posting.Debit(AccountKeys.Payable(donation.OrganizationId), refund, donation.OrganizationId),
                Posting.Credit(AccountKeys.GatewayClearing, refund),
            ], ct);
            try
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            catch (DbUpdateException e) when (db.IsUniqueViolation(e))
            {
                return Result.Ok;
            }
        }
        catalogue.Invalidate(); // the program's raised total shown to the public
        var charity = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == donation.OrganizationId, ct);
        await mailer.SendAsync(donation.DonorEmail, new RefundEmail(donation.DonorName, charity.Name, donation.ReceiptNumber!, refund, donation.Kept), ct);
        return Result.Ok;
    }

    /// <summary>The current charity's gifts, newest first (those being confirmed too; abandoned ones are none); anonymous donors' names are hidden from the team.</summary>
    public async Task<Page<CharityGift>> DonationsAsync(string? search, DonationStatus? status, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var query = db.Donations.AsNoTracking().Where(d => d.Status != DonationStatus.Abandoned); // pending ones read as confirming
        if (status is not null)
        {
            query = query.Where(d => d.Status == status);
        }
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLowerInvariant();
            query = query.Where(d => d.ReceiptNumber == search.Trim() || (!d.IsAnonymous && (d.DonorEmail.Contains(term) || d.DonorName.ToLower().Contains(term))));
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(d => d.CreatedAt).Skip(page.SafeSkip).Take(page.SafeTake)
            .Join(db.Programs, d => d.ProgramId, p => p.Id, (d, p) => new { d, ProgramName = p.Name })
            .ToListAsync(ct);
        return new Page<CharityGift>(rows.Select(r => ToCharityGift(r.d, r.ProgramName)).ToList(), total, page.SafeSkip, page.SafeTake);
    }

    /// <summary>One of the current charity's gifts; null when it is not one of theirs.</summary>
    public async Task<CharityGift?> DonationAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var row = await db.Donations.AsNoTracking().Where(d => d.Id == id && d.Status != DonationStatus.Pending)
            .Join(db.Programs, d => d.ProgramId, p => p.Id, (d, p) => new { d, ProgramName = p.Name })
            .SingleOrDefaultAsync(ct);
        return row is null ? null : ToCharityGift(row.d, row.ProgramName);
    }

    private static CharityGift ToCharityGift(Donation d, string programName) =>
        new(d.Id, d.ReceiptNumber, d.IsAnonymous ? "Anonymous" : d.DonorName, d.IsAnonymous ? null : d.DonorEmail, programName, d.Charged,
            d.NetAfterRefunds, d.Refunded, d.Status, d.Stage, d.CreatedAt, d.Dedication, d.RefundedAt, d.FeeMoney, d.CardLast4, d.FailureMessage);

    public static IEnumerable<(string, string, Guid?)> AccountsFor(Guid organizationId, string currency) =>
    [
        (AccountKeys.GatewayClearing, currency, null),
        (AccountKeys.PlatformFees, currency, null),
        (AccountKeys.Payable(organizationId), currency, organizationId),
    ];

    private async Task SendReceiptAsync(Donation donation, Organization charity, string programName, CancellationToken ct)
    {
        try
        {
            await mailer.SendAsync(donation.DonorEmail, new DonationReceiptEmail(donation.DonorName, charity.Name, charity.RegistrationNumber,
                programName, donation.Gift, donation.Charged, donation.ReceiptNumber!, donation.SucceededAt!.Value, donation.CardLast4,
                donation.IsTaxDeductible, charity.DeductibilityText, donation.Dedication, links.DonationJourney(donation.Id),
                donation.DonorUserId is null ? links.Register(donation.DonorEmail) : null,
                donation.RecurringGiftId is { } monthly ? RecurringLinks.For(links, monthly) : null), ct);
        }
        catch (Exception e)
        {
            // The gift stands; a lost receipt is re-sent from the donor's history.
            logger.LogError(e, "Receipt for gift {DonationId} could not be sent", donation.Id);
        }
    }

    private async Task<GiveOutcome?> ExistingAsync(string key, CancellationToken ct) =>
        await FindAsync(key, ct) is { } donation ? Outcome(donation) : null;

    private async Task<Donation?> FindAsync(string key, CancellationToken ct)
    {
        using var _ = tenant.AcrossTenants("idempotency: a repeated gift submission");
        await using var db = await dbFactory.CreateAsync(ct);
        return await db.Donations.AsNoTracking().SingleOrDefaultAsync(d => d.IdempotencyKey == key, ct);
    }

    private static GiveOutcome Outcome(Donation d) => new(d.Id, d.Status, d.FailureMessage, d.Charged);
}
