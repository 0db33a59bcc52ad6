using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Common;
using Platform.Core.Data;
using Platform.Core.Documents;
using Platform.Core.Giving;
using Platform.Core.Jobs;
using Platform.Core.Ledger;
using Platform.Core.Messaging;
using Platform.Core.Payments;
using Platform.Core.Tenancy;

namespace Platform.Core.Payouts;

public sealed record PayoutRunResult(string PeriodKey, int Payees, int Paid, int RolledOver, int AlreadyDone);

public sealed record PayoutRow(Guid Id, string PeriodKey, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, Money Gross, Money Fees,
    Money Refunds, Money ReserveHeld, Money ReserveReleased, Money Net, PayoutStatus Status, DateTimeOffset? PaidAt, bool HasStatement);

/// <summary>A payout as staff see it, across organizations.</summary>
public sealed record PlatformPayoutRow(Guid Id, Guid OrganizationId, string Organization, string PeriodKey, Money Net, Money ReserveHeld,
    PayoutStatus Status, DateTimeOffset? PaidAt, bool HasStatement);

/// <summary>
/// Weekly payouts of what the ledger says the platform owes each organization. Each payee is one transaction that books
/// the reserve held for the period, reserves released after their holding time, the payout row and the payout entry, all
/// under the payee-period key; the money is then sent through the gateway under the same key. Statement PDFs are printed
/// and emailed in a second pass. A run that stops half-way is finished by the next: booked payouts not yet sent are sent,
/// statements not yet issued are issued, nothing twice.
/// </summary>
public sealed class PayoutService(
    IPlatformDbFactory dbFactory,
    ITenantContext tenant,
    LedgerService ledger,
    IPaymentGateway gateway,
    IDocumentRenderer renderer,
    OwnerMail owners,
    IAppLinks links,
    PayoutOptions options,
    IServiceScopeFactory scopes,
    TimeProvider clock)
{
    /// <summary>How many sent payouts are marked paid together (one write for the batch instead of one per payee).</summary>
    private const int PaidBatch = 100;

    /// <summary>The ISO week before the one <paramref name="asOf"/> falls in: the period a Monday run pays.</summary>
    public static (string Key, DateTimeOffset Start, DateTimeOffset End) PeriodBefore(DateTimeOffset asOf)
    {
        var date = asOf.UtcDateTime.Date;
        var monday = date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
        var start = monday.AddDays(-7);
        return ($"{ISOWeek.GetYear(start)}-W{ISOWeek.GetWeekOfYear(start):00}", new DateTimeOffset(start, TimeSpan.Zero),
            new DateTimeOffset(monday, TimeSpan.Zero));
    }

    /// <summary>
    /// Why a run as of <paramref name="asOf"/> may not be made at <paramref name="now"/>, or null when it may: a week is
    /// paid once it has ended, never while gifts can still land in it.
    /// </summary>
    public static string? Refusal(DateTimeOffset asOf, DateTimeOffset now)
    {
        var period = PeriodBefore(asOf);
        if (period.End <= now)
        {
            return null;
        }
        var latest = PeriodBefore(now);
        return $"Week {period.Key} has not ended yet (it ends {period.End:yyyy-MM-dd HH:mm} UTC), so it cannot be paid. "
            + $"The latest week that can be paid is {latest.Key}: give a date up to {now:yyyy-MM-dd}.";
    }

    /// <summary>
    /// Pays the period in two passes: first the money (book and send, payee by payee), then the statements (print, store,
    /// email), so that slow printing never holds up money and a stop in either pass is finished by the next run.
    /// </summary>
    public async Task<PayoutRunResult> PayAsync(DateTimeOffset asOf, IJobProgress progress, CancellationToken ct = default)
    {
        if (Refusal(asOf, clock.GetUtcNow()) is { } refused)
        {
            throw new JobRefusedException(refused);
        }
        var period = PeriodBefore(asOf);
        var payees = await PayeesAsync(period.Key, ct);
        progress.Total(payees.Count);
        progress.Log($"Period {period.Key}: {payees.Count} payees with a balance or a payout to finish.");
        var timer = System.Diagnostics.Stopwatch.StartNew();
        await ledger.EnsureAccountsAsync(dbFactory, payees.Select(p => (AccountKeys.Reserve(p.OrganizationId), p.Currency, (Guid?)p.OrganizationId)), ct);
        var workers = await WorkersAsync(ct);
        int paid = 0, rolled = 0, done = 0;
        var sent = new Dictionary<Guid, string>();
        using var marking = new SemaphoreSlim(1, 1);
        try
        {
            // Payees are independent (a transaction and a unique key each), so several are paid at once where the database
            // takes concurrent writers; each worker acts for its payee in a scope (and tenant context) of its own.
            await Parallel.ForEachAsync(payees, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = ct },
                async (payee, token) =>
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var (outcome, payout) = await scope.ServiceProvider.GetRequiredService<PayoutService>()
                        .PayOneAsync(payee.OrganizationId, payee.Currency, period, token);
                    switch (outcome)
                    {
                        case PayoutStatus.Paid: Interlocked.Increment(ref paid); break;
                        case PayoutStatus.RolledOver: Interlocked.Increment(ref rolled); break;
                        default: Interlocked.Increment(ref done); break;
                    }
                    await marking.WaitAsync(CancellationToken.None);
                    try
                    {
                        if (payout is { } p)
                        {
                            sent[p.PayoutId] = p.GatewayPayoutId;
                        }
                        if (sent.Count >= PaidBatch)
                        {
                            await MarkPaidAsync(sent, token);
                        }
                    }
                    finally
                    {
                        marking.Release();
                    }
                    progress.Done();
                });
        }
        finally
        {
            // Money already sent is recorded even when the run is stopped; after a kill, the next run asks the gateway
            // again under the same key, which answers with the payout it made.
            await MarkPaidAsync(sent, CancellationToken.None);
        }
        progress.Log($"Money: paid {paid}, rolled over {rolled}, already done {done}, in {timer.Elapsed.TotalSeconds:F1} s.");
        timer.Restart();
        var statementsSent = 0;
        var statements = await StatementsDueAsync(period.Key, ct);
        progress.Total(payees.Count + statements.Count);
        await Parallel.ForEachAsync(statements, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.StatementWorkers), CancellationToken = ct },
            async (due, token) =>
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<PayoutService>().SendStatementIfDueAsync(due.OrganizationId, due.PayoutId, token))
                {
                    Interlocked.Increment(ref statementsSent);
                }
                progress.Done();
            });
        progress.Log($"Statements: {statementsSent} printed and emailed in {timer.Elapsed.TotalSeconds:F1} s.");
        return new PayoutRunResult(period.Key, payees.Count, paid, rolled, done);
    }

    private async Task<List<(Guid OrganizationId, Guid PayoutId)>> StatementsDueAsync(string periodKey, CancellationToken ct)
    {
        using var _ = tenant.AcrossTenants("payouts: paid payouts still without a statement");
        await using var db = await dbFactory.CreateAsync(ct);
        return (await db.Payouts.AsNoTracking().Where(p => p.PeriodKey == periodKey && p.Status == PayoutStatus.Paid && p.DocumentId == null)
            .Select(p => new { p.OrganizationId, p.Id }).ToListAsync(ct)).Select(p => (p.OrganizationId, p.Id)).ToList();
    }

    /// <summary>The current organization's payouts, newest first.</summary>
    public async Task<Page<PayoutRow>> PayoutsAsync(PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var query = db.Payouts.AsNoTracking();
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(p => p.PeriodStart).Skip(page.SafeSkip).Take(page.SafeTake).ToListAsync(ct);
        return new Page<PayoutRow>(rows.Select(p => new PayoutRow(p.Id, p.PeriodKey, p.PeriodStart, p.PeriodEnd, M(p.Gross, p), M(p.Fees, p),
            M(p.Refunds, p), M(p.ReserveHeld, p), M(p.ReserveReleased, p), M(p.Net, p), p.Status, p.PaidAt, p.DocumentId is not null)).ToList(),
            total, page.SafeSkip, page.SafeTake);
    }

    /// <summary>Every organization's payouts, newest first, optionally for one week (staff).</summary>
    public async Task<Page<PlatformPayoutRow>> AllPayoutsAsync(PageRequest page, string? periodKey = null, CancellationToken ct = default)
    {
        using var _ = tenant.AcrossTenants("staff: payouts of every organization");
        await using var db = await dbFactory.CreateAsync(ct);
        var query = db.Payouts.AsNoTracking().Where(p => periodKey == null || p.PeriodKey == periodKey);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(p => p.PeriodStart).ThenBy(p => p.OrganizationId).Skip(page.SafeSkip).Take(page.SafeTake)
            .Join(db.Organizations, p => p.OrganizationId, o => o.Id, (p, o) => new { Payout = p, Organization = o.Name })
            .ToListAsync(ct);
        return new Page<PlatformPayoutRow>(rows.Select(r => Row(r.Payout, r.Organization)).ToList(), total, page.SafeSkip, page.SafeTake);
    }

    private static PlatformPayoutRow Row(Payout payout, string organization) => new(payout.Id, payout.OrganizationId, organization,
        payout.PeriodKey, M(payout.Net, payout), M(payout.ReserveHeld, payout), payout.Status, payout.PaidAt, payout.DocumentId is not null);

    /// <summary>The payouts of the creator studios this user owns, newest first (creator portal).</summary>
    public async Task<Page<PlatformPayoutRow>> CreatorPayoutsAsync(Guid userId, PageRequest page, CancellationToken ct = default)
    {
        using var _ = tenant.ForPerson(userId);
        await using var db = await dbFactory.CreateAsync(ct);
        var studios = StudiosOwnedBy(db, userId);
        var query = db.Payouts.AsNoTracking().Where(p => studios.Contains(p.OrganizationId));
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(p => p.PeriodStart).ThenBy(p => p.OrganizationId).Skip(page.SafeSkip).Take(page.SafeTake)
            .Join(db.Organizations, p => p.OrganizationId, o => o.Id, (p, o) => new { Payout = p, Organization = o.Name })
            .ToListAsync(ct);
        return new Page<PlatformPayoutRow>(rows.Select(r => Row(r.Payout, r.Organization)).ToList(), total, page.SafeSkip, page.SafeTake);
    }

    /// <summary>The statement PDF of a payout of a creator studio this user owns; null for any other.</summary>
    public async Task<DocumentFile?> CreatorStatementAsync(Guid userId, Guid payoutId, CancellationToken ct = default)
    {
        using var _ = tenant.ForPerson(userId);
        await using var db = await dbFactory.CreateAsync(ct);
        var studios = StudiosOwnedBy(db, userId);
        return await db.Payouts.AnyAsync(p => p.Id == payoutId && studios.Contains(p.OrganizationId), ct)
            ? await StatementAsync(payoutId, ct)
            : null;
    }

    private static IQueryable<Guid> StudiosOwnedBy(IPlatformDb db, Guid userId) =>
        db.Memberships.Where(m => m.UserId == userId && m.Role == MembershipRole.Owner)
            .Join(db.Organizations.Where(o => o.Kind == OrganizationKind.CreatorStudio), m => m.OrganizationId, o => o.Id, (m, o) => o.Id);

    /// <summary>The statement PDF of any organization's payout (staff).</summary>
    public async Task<DocumentFile?> AnyStatementAsync(Guid payoutId, CancellationToken ct = default)
    {
        using var _ = tenant.AcrossTenants("staff: a payout statement");
        return await StatementAsync(payoutId, ct);
    }

    /// <summary>The statement PDF of one of the current organization's payouts.</summary>
    public async Task<DocumentFile?> StatementAsync(Guid payoutId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var documentId = await db.Payouts.Where(p => p.Id == payoutId).Select(p => p.DocumentId).SingleOrDefaultAsync(ct);
        if (documentId is null)
        {
            return null;
        }
        return (await db.Documents.AsNoTracking().SingleAsync(d => d.Id == documentId, ct)).ToFile();
    }

    private async Task<List<(Guid OrganizationId, string Currency)>> PayeesAsync(string periodKey, CancellationToken ct)
    {
        using var _ = tenant.AcrossTenants("payouts: every organization the platform owes money");
        await using var db = await dbFactory.CreateAsync(ct);
        // Owed: a credit (negative) balance on the organization's payable account, summed by the database.
        var owed = await db.LedgerAccounts.AsNoTracking()
            .Where(a => a.OrganizationId != null && a.Key.EndsWith(":payable"))
            .Select(a => new { a.OrganizationId, a.Currency, Balance = db.JournalLines.Where(l => l.AccountId == a.Id).Sum(l => (decimal?)l.Amount) ?? 0m })
            .Where(a => a.Balance < 0m)
            .ToListAsync(ct);
        var unfinished = await db.Payouts.AsNoTracking()
            .Where(p => p.PeriodKey == periodKey && p.Status == PayoutStatus.Pending)
            .Select(p => new { OrganizationId = (Guid?)p.OrganizationId, p.Currency }).ToListAsync(ct);
        return owed.Select(o => (o.OrganizationId!.Value, o.Currency))
            .Concat(unfinished.Select(u => (u.OrganizationId!.Value, u.Currency)))
            .Distinct().OrderBy(p => p.Item1).ToList();
    }

    /// <summary>Books the payee's period (once) and sends what is booked; returns the sent payout for marking paid in a batch.</summary>
    private async Task<(PayoutStatus? Outcome, (Guid PayoutId, string GatewayPayoutId)? Sent)> PayOneAsync(Guid organizationId, string currency,
        (string Key, DateTimeOffset Start, DateTimeOffset End) period, CancellationToken ct)
    {
        using var _ = tenant.ForOrganization(organizationId);
        await using var db = await dbFactory.CreateAsync(ct);
        // The payee's payouts in this currency, read once: this period's if it is booked already, and otherwise what the
        // earlier ones covered and which of their reserves are due back (tracked, to be marked returned).
        var payouts = await db.Payouts.Where(p => p.Currency == currency).ToListAsync(ct);
        var payout = payouts.SingleOrDefault(p => p.PeriodKey == period.Key);
        var fresh = payout is null;
        if (payout is null)
        {
            payout = await BookAsync(db, organizationId, currency, period, payouts, ct);
            if (payout is null)
            {
                return (null, null); // booked concurrently by another run
            }
        }
        if (payout.Status == PayoutStatus.RolledOver)
        {
            return (fresh ? PayoutStatus.RolledOver : null, null);
        }
        if (payout.Status != PayoutStatus.Pending)
        {
            return (null, null);
        }
        var sent = await gateway.PayoutAsync(new PayoutRequest(payout.Reference, new Money(payout.Net, currency), organizationId.ToString(),
            payout.Reference), ct);
        if (!sent.Succeeded)
        {
            throw new InvalidOperationException($"The gateway refused payout {payout.Reference}: {sent.Message}");
        }
        return (fresh ? PayoutStatus.Paid : null, (payout.Id, sent.PayoutId!));
    }

    /// <summary>How many payees are paid at once: one on a database that takes a single writer at a time; else as configured.</summary>
    private async Task<int> WorkersAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        return db.SingleWriter ? 1 : Math.Max(1, options.Workers);
    }

    private async Task MarkPaidAsync(Dictionary<Guid, string> sent, CancellationToken ct)
    {
        if (sent.Count == 0)
        {
            return;
        }
        using var _ = tenant.WritingAcrossTenants("payouts: marking a batch of sent payouts paid");
        await using var db = await dbFactory.CreateAsync(ct);
        var ids = sent.Keys.ToList();
        var now = clock.GetUtcNow();
        foreach (var payout in await db.Payouts.Where(p => ids.Contains(p.Id)).ToListAsync(ct))
        {
            payout.Paid(sent[payout.Id], now);
        }
        await db.SaveChangesAsync(ct);
        sent.Clear();
    }

    /// <summary>
    /// Books the period in one save (so one transaction): reserve released and held, the payout row and the payout entry.
    /// Everything it needs is read first in four queries, each indexed by the payee's accounts or its organization.
    /// </summary>
    private async Task<Payout?> BookAsync(IPlatformDb db, Guid organizationId, string currency, (string Key, DateTimeOffset Start, DateTimeOffset End) period,
        IReadOnlyList<Payout> earlier, CancellationToken ct)
    {
        var payable = AccountKeys.Payable(organizationId);
        var reserve = AccountKeys.Reserve(organizationId);
        var now = clock.GetUtcNow();

        // The payable account with what it owes (lines read through its id, which is indexed, never by scanning the journal).
        var payableAccount = await db.LedgerAccounts.AsNoTracking().Where(a => a.Key == payable && a.Currency == currency)
            .Select(a => new { a.Id, Balance = db.JournalLines.Where(l => l.AccountId == a.Id).Sum(l => (decimal?)l.Amount) ?? 0m })
            .SingleAsync(ct);
        var owed = -payableAccount.Balance;
        // Every earlier payout accounted for its own week's movements up to when it was booked (a week paid before it
        // ended saw only part of it); anything after that and before this week landed late, and is paid now as a line of
        // its own, with the reserve held on it as on this week's.
        var coveredUntil = earlier.Select(p => p.PeriodEnd < p.CreatedAt ? p.PeriodEnd : p.CreatedAt).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        var (week, late) = await MovementsAsync(db, payableAccount.Id, currency, coveredUntil, period.Start, period.End, ct);
        var releasable = earlier
            .Where(p => p.ReserveHeld > 0m && p.ReserveReturnedAt == null && p.PeriodEnd <= now.AddDays(-options.ReserveDays))
            .ToList();
        var released = releasable.Sum(p => p.ReserveHeld);

        var earned = week.Earned + late.Earned;
        var held = Math.Min(decimal.Round(earned * options.ReservePercent / 100m, 2, MidpointRounding.AwayFromZero), Math.Max(0m, owed + released));
        var net = owed + released - held;
        var rolledOver = net < options.Minimum;
        var payout = new Payout(organizationId, period.Key, period.Start, period.End, currency,
            new PayoutFigures(week.Gross, week.Fees, week.Refunds, rolledOver ? 0m : held, rolledOver ? 0m : released, rolledOver ? 0m : net,
                late.Gross, late.Fees, late.Refunds), rolledOver, now);
        db.Payouts.Add(payout);
        if (!rolledOver)
        {
            if (released > 0m)
            {
                await ledger.PostAsync(db, $"reserve-release:{organizationId:N}:{period.Key}:{currency}", $"Reserve released with {period.Key}",
                    organizationId, [Posting.Debit(reserve, new Money(released, currency), organizationId),
                        Posting.Credit(payable, new Money(released, currency), organizationId)], ct);
                releasable.ForEach(p => p.ReserveReturned(now));
            }
            if (held > 0m)
            {
                await ledger.PostAsync(db, $"reserve:{organizationId:N}:{period.Key}:{currency}", $"Reserve held for {period.Key}", organizationId,
                    [Posting.Debit(payable, new Money(held, currency), organizationId), Posting.Credit(reserve, new Money(held, currency), organizationId)], ct);
            }
            if (net > 0m)
            {
                await ledger.PostAsync(db, payout.Reference, $"Payout for {period.Key}", organizationId,
                    [Posting.Debit(payable, new Money(net, currency), organizationId), Posting.Credit(AccountKeys.GatewayClearing, new Money(net, currency))], ct);
            }
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e))
        {
            return null;
        }
        return payout;
    }

    /// <summary>What moved on the payable account between two instants: earned (reserves given back are not earnings), refunded, and the gifts behind it.</summary>
    private sealed record Movements(decimal Earned, decimal Refunds, decimal Gross, decimal Fees)
    {
        public static Movements None { get; } = new(0m, 0m, 0m, 0m);
    }

    /// <summary>
    /// This week's movements (from what earlier payouts covered, or the week's start, to its end) and the late ones (from
    /// what earlier payouts covered to the week's start, when that is earlier), in one query on the journal and one on the
    /// gifts.
    /// </summary>
    private static async Task<(Movements Week, Movements Late)> MovementsAsync(IPlatformDb db, Guid payableId, string currency,
        DateTimeOffset coveredUntil, DateTimeOffset weekStart, DateTimeOffset weekEnd, CancellationToken ct)
    {
        var from = coveredUntil < weekStart ? coveredUntil : weekStart;
        var weekFrom = coveredUntil > weekStart ? coveredUntil : weekStart;
        var lines = await db.JournalLines.Where(l => l.AccountId == payableId)
            .Join(db.JournalEntries.Where(e => e.At >= from && e.At < weekEnd), l => l.EntryId, e => e.Id, (l, e) => new { l.Amount, e.Reference, e.At })
            .GroupBy(_ => 1)
            .Select(g => new
            {
                Earned = g.Sum(l => l.At >= weekFrom && l.Amount < 0m && !l.Reference.StartsWith("reserve-release:") ? -l.Amount : 0m),
                Refunds = g.Sum(l => l.At >= weekFrom && l.Amount > 0m && l.Reference.StartsWith("refund:") ? l.Amount : 0m),
                LateEarned = g.Sum(l => l.At < weekStart && l.Amount < 0m && !l.Reference.StartsWith("reserve-release:") ? -l.Amount : 0m),
                LateRefunds = g.Sum(l => l.At < weekStart && l.Amount > 0m && l.Reference.StartsWith("refund:") ? l.Amount : 0m),
            }).SingleOrDefaultAsync(ct);
        var gifts = await db.Donations.Where(d => d.Currency == currency && d.SucceededAt >= from && d.SucceededAt < weekEnd)
            .GroupBy(_ => 1).Select(g => new
            {
                Gross = g.Sum(d => d.SucceededAt >= weekFrom ? d.Amount + (d.CoverFee ? d.Fee : 0m) : 0m),
                Fees = g.Sum(d => d.SucceededAt >= weekFrom ? d.Fee : 0m),
                LateGross = g.Sum(d => d.SucceededAt < weekStart ? d.Amount + (d.CoverFee ? d.Fee : 0m) : 0m),
                LateFees = g.Sum(d => d.SucceededAt < weekStart ? d.Fee : 0m),
            }).SingleOrDefaultAsync(ct);
        var week = new Movements(lines?.Earned ?? 0m, lines?.Refunds ?? 0m, gifts?.Gross ?? 0m, gifts?.Fees ?? 0m);
        var late = coveredUntil < weekStart
            ? new Movements(lines?.LateEarned ?? 0m, lines?.LateRefunds ?? 0m, gifts?.LateGross ?? 0m, gifts?.LateFees ?? 0m)
            : Movements.None;
        return (week, late);
    }

    private async Task<bool> SendStatementIfDueAsync(Guid organizationId, Guid payoutId, CancellationToken ct)
    {
        using var _ = tenant.ForOrganization(organizationId);
        await using var db = await dbFactory.CreateAsync(ct);
        var payout = await db.Payouts.SingleAsync(p => p.Id == payoutId, ct);
        if (payout.DocumentId is not null)
        {
            return false;
        }
        await SendStatementAsync(db, payout, ct);
        return true;
    }

    private async Task SendStatementAsync(IPlatformDb db, Payout payout, CancellationToken ct)
    {
        var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == payout.OrganizationId, ct);
        var figures = new PayoutFigures(payout.Gross, payout.Fees, payout.Refunds, payout.ReserveHeld, payout.ReserveReleased, payout.Net,
            payout.LateGross, payout.LateFees, payout.LateRefunds);
        var pdf = await renderer.RenderPdfAsync(new PayoutStatementDocument(organization.Name, organization.LogoUrl, organization.PrimaryColor,
            payout.PeriodKey, payout.PeriodStart, payout.PeriodEnd, payout.Currency, figures, payout.GatewayPayoutId, clock.GetUtcNow()), ct);
        var document = new StoredDocument($"payout-{payout.PeriodKey}-{payout.Currency}.pdf", "application/pdf", pdf, clock.GetUtcNow());
        db.Documents.Add(document);
        payout.Statement(document.Id);
        await db.SaveChangesAsync(ct);

        await owners.SendAsync(db, new PayoutEmail(organization.Name, payout.PeriodKey, new Money(payout.Net, payout.Currency), links.MerchantPayouts()),
            [new EmailAttachment(document.FileName, document.ContentType, pdf)], ct);
    }

    private static Money M(decimal amount, Payout payout) => new(amount, payout.Currency);
}
