using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
/// Weekly payouts of what the ledger says the platform owes each organization. Payees are booked in batches, one
/// transaction each (their figures read together in a few grouped queries), each payee's reserve held for the period,
/// reserves released after their holding time, payout row and payout entry saved under its payee-period key in its own
/// tenant scope; the money is then sent through the gateway under the same key. Statement PDFs are printed
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
    TimeProvider clock,
    ILogger<PayoutService> logger)
{
    /// <summary>How many sent payouts are marked paid together (one write for the batch instead of one per payee).</summary>
    private const int PaidBatch = 100;

    /// <summary>How often a save chosen as a deadlock's victim is made again before the run fails.</summary>
    private const int DeadlockAttempts = 5;

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
    /// Pays the period in two passes: first the money (book a batch of payees in one transaction, then send each), then the statements (print, store,
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
        // Payees are booked a batch per transaction (their figures read together), then sent one by one and marked paid a
        // hundred at a time. Batches are independent (a transaction and a unique key per payee), so several are booked at
        // once where the database takes concurrent writers; each worker acts in a scope (and tenant context) of its own and
        // marks its own payouts paid, so no worker waits for another's marking. Payees come in one order for every run, so
        // two runs at once meet in that order.
        await Parallel.ForEachAsync(payees.Chunk(Math.Max(1, options.BookBatch)),
            new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = ct },
            async (batch, token) =>
            {
                await using var scope = scopes.CreateAsyncScope();
                var service = scope.ServiceProvider.GetRequiredService<PayoutService>();
                var sent = new Dictionary<Guid, string>();
                try
                {
                    foreach (var (outcome, payout) in await service.BookBatchAsync(batch, period, token))
                    {
                        token.ThrowIfCancellationRequested(); // a stop leaves the rest booked, for the next run to send
                        if (payout is not null)
                        {
                            var (payoutId, gatewayPayoutId) = await service.SendAsync(payout, token);
                            sent[payoutId] = gatewayPayoutId;
                        }
                        switch (outcome)
                        {
                            case PayoutStatus.Paid: Interlocked.Increment(ref paid); break;
                            case PayoutStatus.RolledOver: Interlocked.Increment(ref rolled); break;
                            default: Interlocked.Increment(ref done); break;
                        }
                        if (sent.Count >= PaidBatch)
                        {
                            await service.MarkPaidAsync(sent, token);
                        }
                        progress.Done();
                    }
                }
                finally
                {
                    // Money already sent is recorded even when the run is stopped; after a kill, the next run asks the
                    // gateway again under the same key, which answers with the payout it made.
                    await service.MarkPaidAsync(sent, CancellationToken.None);
                }
            });
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

    /// <summary>
    /// Books a batch of payees' period (each once) in one transaction and answers, per payee in order, what the run counts
    /// (paid or rolled over when booked now, null when it was done before) and the payout still to send. Everything the
    /// figures need is read first, for the whole batch, in a few grouped queries; each payee's rows are then staged inside
    /// its own tenant scope and saved with the batch's in one save, which may write only the batch's organizations' rows
    /// (each audited under its own organization). When the batch meets a payee that
    /// another run booked meanwhile (or any other conflict), it is booked again payee by payee; alone, a payee booked
    /// meanwhile is the other run's to send.
    /// </summary>
    private async Task<List<(PayoutStatus? Outcome, Payout? ToSend)>> BookBatchAsync(IReadOnlyList<(Guid OrganizationId, string Currency)> batch,
        (string Key, DateTimeOffset Start, DateTimeOffset End) period, CancellationToken ct, int attempt = 1)
    {
        var read = await ReadBatchAsync(batch, period, ct);
        var now = clock.GetUtcNow();
        var results = new List<(PayoutStatus? Outcome, Payout? ToSend)>(batch.Count);
        var bookings = new List<Booking>();
        foreach (var payee in batch)
        {
            var state = read[payee];
            if (state.ThisPeriod is { } booked)
            {
                // Booked by an earlier run: sent unless it rolled over or is paid already.
                results.Add((null, booked.Status == PayoutStatus.Pending ? booked : null));
                continue;
            }
            var booking = Plan(payee.OrganizationId, payee.Currency, period, state, now);
            bookings.Add(booking);
            results.Add((booking.Payout.Status == PayoutStatus.RolledOver ? PayoutStatus.RolledOver : PayoutStatus.Paid,
                booking.Payout.Status == PayoutStatus.Pending ? booking.Payout : null));
        }
        if (bookings.Count == 0)
        {
            return results;
        }
        await using var db = await dbFactory.CreateAsync(ct);
        try
        {
            await ledger.KnowAccountsAsync(db, batch.SelectMany(p => new[] { AccountKeys.Payable(p.OrganizationId), AccountKeys.Reserve(p.OrganizationId) })
                .Append(AccountKeys.GatewayClearing), ct);
            foreach (var booking in bookings)
            {
                using (tenant.ForOrganization(booking.Payout.OrganizationId))
                {
                    await StageAsync(db, booking, period, ct);
                }
            }
            // One save for the batch: each row names its payee, and the save may write only the batch's organizations.
            using (tenant.ForOrganizations(bookings.Select(b => b.Payout.OrganizationId).ToList()))
            {
                await db.SaveChangesAsync(ct);
            }
        }
        catch (Exception e) when (batch.Count > 1 && (e is DbUpdateException || db.IsDeadlock(e)))
        {
            logger.LogInformation("A batch of {Count} payees met another run's booking ({Error}); booking them one by one", batch.Count, e.GetBaseException().Message);
            // Nothing of the batch was kept: each payee again on its own, reading what is booked now.
            results.Clear();
            foreach (var payee in batch)
            {
                results.AddRange(await BookBatchAsync([payee], period, ct));
            }
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e))
        {
            return [(null, null)]; // booked concurrently by another run, which sends it
        }
        catch (Exception e) when (db.IsDeadlock(e) && attempt < DeadlockAttempts)
        {
            // Chosen to break a deadlock with another run's batch, which has gone on: read again and book what is left.
            logger.LogInformation("A payee's booking was chosen to break a deadlock (attempt {Attempt}); booking it again", attempt);
            return await BookBatchAsync(batch, period, ct, attempt + 1);
        }
        return results;
    }

    /// <summary>Sends a booked payout through the gateway under its reference; the gateway answers a repeat with the payout it made.</summary>
    private async Task<(Guid PayoutId, string GatewayPayoutId)> SendAsync(Payout payout, CancellationToken ct)
    {
        var sent = await gateway.PayoutAsync(new PayoutRequest(payout.Reference, new Money(payout.Net, payout.Currency),
            payout.OrganizationId.ToString(), payout.Reference), ct);
        if (!sent.Succeeded)
        {
            throw new InvalidOperationException($"The gateway refused payout {payout.Reference}: {sent.Message}");
        }
        return (payout.Id, sent.PayoutId!);
    }

    /// <summary>What one payee's booking is made from: what it is owed, its payouts, and what moved since they were booked.</summary>
    private sealed record PayeeState(decimal Owed, Payout? ThisPeriod, IReadOnlyList<Payout> Earlier, Movements Week, Movements Late);

    /// <summary>A payee's period as it is to be booked: the payout row, the reserve held and released, and the reserves given back.</summary>
    private sealed record Booking(Payout Payout, decimal Held, decimal Released, decimal Net, IReadOnlyList<Payout> Releasable);

    /// <summary>
    /// Reads what a batch of payees' bookings need, with the filters lifted and each query bounded by the batch's accounts or
    /// organizations: their payouts, their payable accounts with balances, and what moved on them, grouped per account and
    /// per organization (one pair of queries per distinct instant their earlier payouts covered, usually one or two).
    /// </summary>
    private async Task<Dictionary<(Guid OrganizationId, string Currency), PayeeState>> ReadBatchAsync(
        IReadOnlyList<(Guid OrganizationId, string Currency)> batch, (string Key, DateTimeOffset Start, DateTimeOffset End) period, CancellationToken ct)
    {
        using var _ = tenant.AcrossTenants("payouts: a batch of payees' balances, movements and earlier payouts");
        await using var db = await dbFactory.CreateAsync(ct);
        var organizations = batch.Select(p => p.OrganizationId).Distinct().ToList();
        var payouts = (await db.Payouts.AsNoTracking().Where(p => organizations.Contains(p.OrganizationId)).ToListAsync(ct))
            .ToLookup(p => (p.OrganizationId, p.Currency));
        var keys = organizations.Select(AccountKeys.Payable).ToList();
        // What each payable account owes (lines read through its id, which is indexed, never by scanning the journal).
        var accounts = (await db.LedgerAccounts.AsNoTracking().Where(a => keys.Contains(a.Key) && a.OrganizationId != null)
                .Select(a => new { a.Id, a.OrganizationId, a.Currency, Balance = db.JournalLines.Where(l => l.AccountId == a.Id).Sum(l => (decimal?)l.Amount) ?? 0m })
                .ToListAsync(ct))
            .ToDictionary(a => (a.OrganizationId!.Value, a.Currency));

        var toBook = batch.Where(p => !payouts[p].Any(o => o.PeriodKey == period.Key)).ToList();
        var movements = new Dictionary<(Guid, string), (Movements Week, Movements Late)>();
        foreach (var covered in toBook.GroupBy(p => CoveredUntil(payouts[p])))
        {
            var payables = covered.Select(p => accounts.TryGetValue(p, out var a) ? a.Id
                : throw new InvalidOperationException($"Organization {p.OrganizationId} has no payable account in {p.Currency}.")).ToList();
            var found = await MovementsAsync(db, payables, covered.Select(p => p.OrganizationId).Distinct().ToList(), covered.Key,
                period.Start, period.End, ct);
            foreach (var payee in covered)
            {
                var lines = found.Lines.GetValueOrDefault(accounts[payee].Id);
                var gifts = found.Gifts.GetValueOrDefault(payee);
                movements[payee] = (new Movements(lines?.Earned ?? 0m, lines?.Refunds ?? 0m, gifts?.Gross ?? 0m, gifts?.Fees ?? 0m),
                    covered.Key < period.Start
                        ? new Movements(lines?.LateEarned ?? 0m, lines?.LateRefunds ?? 0m, gifts?.LateGross ?? 0m, gifts?.LateFees ?? 0m)
                        : Movements.None);
            }
        }
        return batch.Distinct().ToDictionary(p => p, p =>
        {
            var theirs = payouts[p].ToList();
            var (week, late) = movements.GetValueOrDefault(p, (Movements.None, Movements.None));
            return new PayeeState(accounts.TryGetValue(p, out var a) ? -a.Balance : 0m, theirs.SingleOrDefault(o => o.PeriodKey == period.Key),
                theirs.Where(o => o.PeriodKey != period.Key).ToList(), week, late);
        });
    }

    /// <summary>
    /// Every earlier payout accounted for its own week's movements up to when it was booked (a week paid before it ended saw
    /// only part of it); anything after that and before this week landed late, and is paid now as a line of its own, with
    /// the reserve held on it as on this week's.
    /// </summary>
    private static DateTimeOffset CoveredUntil(IEnumerable<Payout> earlier) =>
        earlier.Select(p => p.PeriodEnd < p.CreatedAt ? p.PeriodEnd : p.CreatedAt).DefaultIfEmpty(DateTimeOffset.MinValue).Max();

    /// <summary>A payee's figures for the period: reserve held on what it earned (late movements too), reserves due back released.</summary>
    private Booking Plan(Guid organizationId, string currency, (string Key, DateTimeOffset Start, DateTimeOffset End) period, PayeeState state,
        DateTimeOffset now)
    {
        var releasable = state.Earlier
            .Where(p => p.ReserveHeld > 0m && p.ReserveReturnedAt == null && p.PeriodEnd <= now.AddDays(-options.ReserveDays))
            .ToList();
        var released = releasable.Sum(p => p.ReserveHeld);
        var (week, late, owed) = (state.Week, state.Late, state.Owed);
        var earned = week.Earned + late.Earned;
        var held = Math.Min(decimal.Round(earned * options.ReservePercent / 100m, 2, MidpointRounding.AwayFromZero), Math.Max(0m, owed + released));
        var net = owed + released - held;
        var rolledOver = net < options.Minimum;
        var payout = new Payout(organizationId, period.Key, period.Start, period.End, currency,
            new PayoutFigures(week.Gross, week.Fees, week.Refunds, rolledOver ? 0m : held, rolledOver ? 0m : released, rolledOver ? 0m : net,
                late.Gross, late.Fees, late.Refunds), rolledOver, now);
        return new Booking(payout, held, released, net, releasable);
    }

    /// <summary>
    /// Adds a booking to the unit of work (the caller saves, inside the payee's tenant scope): the payout row, and unless it
    /// rolled over, the reserves released (marked returned on their payouts) and held, and the payout entry, each under the
    /// payee-period key.
    /// </summary>
    private async Task StageAsync(IPlatformDb db, Booking booking, (string Key, DateTimeOffset Start, DateTimeOffset End) period, CancellationToken ct)
    {
        var payout = booking.Payout;
        var (organizationId, currency) = (payout.OrganizationId, payout.Currency);
        var payable = AccountKeys.Payable(organizationId);
        var reserve = AccountKeys.Reserve(organizationId);
        db.Payouts.Add(payout);
        if (payout.Status == PayoutStatus.RolledOver)
        {
            return;
        }
        if (booking.Released > 0m)
        {
            await ledger.PostAsync(db, $"reserve-release:{organizationId:N}:{period.Key}:{currency}", $"Reserve released with {period.Key}",
                organizationId, [Posting.Debit(reserve, new Money(booking.Released, currency), organizationId),
                    Posting.Credit(payable, new Money(booking.Released, currency), organizationId)], ct);
            foreach (var returned in booking.Releasable)
            {
                db.Payouts.Attach(returned); // read untracked with the batch: only its return is written
                returned.ReserveReturned(payout.CreatedAt);
            }
        }
        if (booking.Held > 0m)
        {
            await ledger.PostAsync(db, $"reserve:{organizationId:N}:{period.Key}:{currency}", $"Reserve held for {period.Key}", organizationId,
                [Posting.Debit(payable, new Money(booking.Held, currency), organizationId), Posting.Credit(reserve, new Money(booking.Held, currency), organizationId)], ct);
        }
        if (booking.Net > 0m)
        {
            await ledger.PostAsync(db, payout.Reference, $"Payout for {period.Key}", organizationId,
                [Posting.Debit(payable, new Money(booking.Net, currency), organizationId), Posting.Credit(AccountKeys.GatewayClearing, new Money(booking.Net, currency))], ct);
        }
    }

    /// <summary>What moved on the payable account between two instants: earned (reserves given back are not earnings), refunded, and the gifts behind it.</summary>
    private sealed record Movements(decimal Earned, decimal Refunds, decimal Gross, decimal Fees)
    {
        public static Movements None { get; } = new(0m, 0m, 0m, 0m);
    }

    private sealed record LineSums(decimal Earned, decimal Refunds, decimal LateEarned, decimal LateRefunds);

    private sealed record GiftSums(decimal Gross, decimal Fees, decimal LateGross, decimal LateFees);

    /// <summary>
    /// For payees whose earlier payouts covered up to the same instant: this week's movements (from that instant, or the
    /// week's start, to its end) and the late ones (from that instant to the week's start, when that is earlier), in one
    /// query on the journal grouped per payable account and one on the gifts grouped per organization and currency.
    /// </summary>
    private static async Task<(Dictionary<Guid, LineSums> Lines, Dictionary<(Guid, string), GiftSums> Gifts)> MovementsAsync(IPlatformDb db,
        List<Guid> payableIds, List<Guid> organizations, DateTimeOffset coveredUntil, DateTimeOffset weekStart, DateTimeOffset weekEnd, CancellationToken ct)
    {
        var from = coveredUntil < weekStart ? coveredUntil : weekStart;
        var weekFrom = coveredUntil > weekStart ? coveredUntil : weekStart;
        var lines = await db.JournalLines.Where(l => payableIds.Contains(l.AccountId))
            .Join(db.JournalEntries.Where(e => e.At >= from && e.At < weekEnd), l => l.EntryId, e => e.Id, (l, e) => new { l.AccountId, l.Amount, e.Reference, e.At })
            .GroupBy(l => l.AccountId)
            .Select(g => new
            {
                g.Key,
                Earned = g.Sum(l => l.At >= weekFrom && l.Amount < 0m && !l.Reference.StartsWith("reserve-release:") ? -l.Amount : 0m),
                Refunds = g.Sum(l => l.At >= weekFrom && l.Amount > 0m && l.Reference.StartsWith("refund:") ? l.Amount : 0m),
                LateEarned = g.Sum(l => l.At < weekStart && l.Amount < 0m && !l.Reference.StartsWith("reserve-release:") ? -l.Amount : 0m),
                LateRefunds = g.Sum(l => l.At < weekStart && l.Amount > 0m && l.Reference.StartsWith("refund:") ? l.Amount : 0m),
            }).ToListAsync(ct);
        var gifts = await db.Donations.Where(d => organizations.Contains(d.OrganizationId) && d.SucceededAt >= from && d.SucceededAt < weekEnd)
            .GroupBy(d => new { d.OrganizationId, d.Currency }).Select(g => new
            {
                g.Key.OrganizationId,
                g.Key.Currency,
                Gross = g.Sum(d => d.SucceededAt >= weekFrom ? d.Amount + (d.CoverFee ? d.Fee : 0m) : 0m),
                Fees = g.Sum(d => d.SucceededAt >= weekFrom ? d.Fee : 0m),
                LateGross = g.Sum(d => d.SucceededAt < weekStart ? d.Amount + (d.CoverFee ? d.Fee : 0m) : 0m),
                LateFees = g.Sum(d => d.SucceededAt < weekStart ? d.Fee : 0m),
            }).ToListAsync(ct);
        return (lines.ToDictionary(l => l.Key, l => new LineSums(l.Earned, l.Refunds, l.LateEarned, l.LateRefunds)),
            gifts.ToDictionary(g => (g.OrganizationId, g.Currency), g => new GiftSums(g.Gross, g.Fees, g.LateGross, g.LateFees)));
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
        var ids = sent.Keys.ToList();
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateAsync(ct);
            var now = clock.GetUtcNow();
            foreach (var payout in await db.Payouts.Where(p => ids.Contains(p.Id)).ToListAsync(ct))
            {
                payout.Paid(sent[payout.Id], now);
            }
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (Exception e) when (db.IsDeadlock(e) && attempt < DeadlockAttempts)
            {
                // Another run marked or booked the same rows in another order; marking is the same whoever wins.
                logger.LogInformation("Marking {Count} payouts paid was chosen to break a deadlock (attempt {Attempt}); marking them again", ids.Count, attempt);
            }
        }
        sent.Clear();
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
        return await SendStatementAsync(db, payout, ct);
    }

    /// <summary>
    /// Prints the payout's statement, stores it and emails it to the owners; false when another run issued it meanwhile
    /// (two runs at once print the same statement, and the first to claim the payout keeps and sends its own).
    /// </summary>
    private async Task<bool> SendStatementAsync(IPlatformDb db, Payout payout, CancellationToken ct)
    {
        var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == payout.OrganizationId, ct);
        var figures = new PayoutFigures(payout.Gross, payout.Fees, payout.Refunds, payout.ReserveHeld, payout.ReserveReleased, payout.Net,
            payout.LateGross, payout.LateFees, payout.LateRefunds);
        var pdf = await renderer.RenderPdfAsync(new PayoutStatementDocument(organization.Name, organization.LogoUrl, organization.PrimaryColor,
            payout.PeriodKey, payout.PeriodStart, payout.PeriodEnd, payout.Currency, figures, payout.GatewayPayoutId, clock.GetUtcNow()), ct);
        var document = new StoredDocument($"payout-{payout.PeriodKey}-{payout.Currency}.pdf", "application/pdf", pdf, clock.GetUtcNow());
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            db.Documents.Add(document);
            await db.SaveChangesAsync(ct);
            // The claim: an update that finds the payout still without a statement. It holds the row until the commit, so
            // another run's claim waits for it and then finds the statement issued.
            var claimed = await db.Payouts.Where(p => p.Id == payout.Id && p.DocumentId == null)
                .ExecuteUpdateAsync(set => set.SetProperty(p => p.DocumentId, document.Id), ct);
            if (claimed == 0)
            {
                return false; // rolled back with the transaction, document and all
            }
            payout.Statement(document.Id); // the same value again, through the save, so the change is audited
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        await owners.SendAsync(db, new PayoutEmail(organization.Name, payout.PeriodKey, new Money(payout.Net, payout.Currency), links.MerchantPayouts()),
            [new EmailAttachment(document.FileName, document.ContentType, pdf)], ct);
        return true;
    }

    private static Money M(decimal amount, Payout payout) => new(amount, payout.Currency);
}
