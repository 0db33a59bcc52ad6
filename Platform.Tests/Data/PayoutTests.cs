using Microsoft.Extensions.Time.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Common;
using Platform.Core.Data;
using Platform.Core.Jobs;
using Platform.Core.Ledger;
using Platform.Core.Payouts;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

public sealed class PayoutTests
{
    // The test clock stands on Sunday 22 November 2026, so gifts fall in ISO week 2026-W47 and Monday 23rd pays it.
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AWeekIsPaidOnceLessTheReserveWithABalancedLedgerAndAStatementByEmail(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        await w.GiveAsync(100m); // 96.80 to the charity after the fee
        await w.GiveAsync(50m);  // 48.25

        var first = await PayAsync(w, Monday);
        var again = await PayAsync(w, Monday.AddHours(2));

        first.ShouldBe(new PayoutRunResult("2026-W47", 1, 1, 0, 0));
        again.Payees.ShouldBe(0);
        var payout = (await PayoutsAsync(w)).ShouldHaveSingleItem();
        (payout.Gross, payout.Fees, payout.ReserveHeld, payout.Net, payout.Status).ShouldBe((150m, 4.95m, 14.51m, 130.54m, PayoutStatus.Paid));
        w.Gateway.PayoutsSent.ShouldBe(1);
        (await w.BalanceAsync(AccountKeys.Payable(w.Charity))).ShouldBe(0m);
        (await w.BalanceAsync(AccountKeys.Reserve(w.Charity))).ShouldBe(-14.51m);
        (await w.BalanceAsync(AccountKeys.GatewayClearing)).ShouldBe(150m - 130.54m);
        await w.CheckLedgerAsync();

        var mail = w.Db.Mail.Sent.Single(m => m.Model is PayoutEmail);
        mail.To.ShouldBe("owner@charity.test");
        var text = await PdfText.ReadAsync(mail.Attachments.Single().Content);
        text.ShouldContain("2026-W47");
        text.ShouldContain("$130.54");
        text.ShouldContain("$14.51");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task StaffSeeEveryOrganizationsPayoutsAndStatementsWhileAMemberSeesOnlyTheirOwn(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        await w.GiveAsync(100m);
        await w.GiveAsync(40m, program: w.OtherProgram);
        await PayAsync(w, Monday);

        await using (var staff = w.Db.Scope())
        {
            var payouts = staff.ServiceProvider.GetRequiredService<PayoutService>();
            var all = await payouts.AllPayoutsAsync(new PageRequest(0, 25));
            all.Items.Select(p => p.Organization).Order().ShouldBe(["Far Shore", "Open Hands"]);
            (await payouts.AllPayoutsAsync(new PageRequest(0, 25), "2026-W46")).Total.ShouldBe(0);
            var farShore = all.Items.Single(p => p.Organization == "Far Shore");
            (await PdfText.ReadAsync((await payouts.AnyStatementAsync(farShore.Id))!.Content)).ShouldContain("Far Shore");
        }

        await using var member = w.Db.As(w.Charity, MembershipRole.Owner);
        var own = member.Get<PayoutService>();
        (await own.PayoutsAsync(new PageRequest(0, 25))).Items.ShouldHaveSingleItem();
        var theirs = (await w.Db.Services.ReadAllAsync(d => d.Payouts.AsNoTracking().SingleAsync(p => p.OrganizationId == w.OtherCharity))).Id;
        (await own.StatementAsync(theirs)).ShouldBeNull();
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ACreatorSeesThePayoutsOfTheStudiosTheyOwnAndNoOneElses(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var creator = await db.CreateUserAsync("creator@studio.test");
        var other = await db.CreateUserAsync("other@studio.test");
        var studios = await PayeesOwedAsync(db, count: 2, each: 100m, OrganizationKind.CreatorStudio, slug: "creator");
        var gym = (await PayeesOwedAsync(db, count: 1, each: 100m)).Single(); // owned too, but a gym: its payouts are in the merchant portal
        await using (var scope = db.Scope())
        {
            using var _ = scope.ServiceProvider.GetRequiredService<ITenantContext>().WritingAcrossTenants("test arrangement");
            await using var pdb = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
            pdb.Memberships.AddRange(
                new Membership(studios[0], creator.Id, MembershipRole.Owner, null, ClockOf(db).GetUtcNow()),
                new Membership(gym, creator.Id, MembershipRole.Owner, null, ClockOf(db).GetUtcNow()),
                new Membership(studios[1], other.Id, MembershipRole.Owner, null, ClockOf(db).GetUtcNow()));
            await pdb.SaveChangesAsync();
        }
        await PayAsync(db, Monday);

        await using var read = db.Scope();
        var payouts = read.ServiceProvider.GetRequiredService<PayoutService>();
        var mine = (await payouts.CreatorPayoutsAsync(creator.Id, new PageRequest(0, 20))).Items.ShouldHaveSingleItem();
        mine.OrganizationId.ShouldBe(studios[0]);
        (await payouts.CreatorStatementAsync(creator.Id, mine.Id)).ShouldNotBeNull();
        var theirs = (await payouts.CreatorPayoutsAsync(other.Id, new PageRequest(0, 20))).Items.ShouldHaveSingleItem();
        (await payouts.CreatorStatementAsync(creator.Id, theirs.Id)).ShouldBeNull();
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ARunStoppedHalfWayIsFinishedByTheNextAndEveryPayeeIsPaidExactlyOnce(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        await w.GiveAsync(100m);
        await w.GiveAsync(200m, program: w.OtherProgram);
        var options = w.Db.Services.GetRequiredService<PayoutOptions>();
        (options.Workers, options.BookBatch) = (1, 1); // one payee at a time, so the stop falls between the two

        using var stop = new CancellationTokenSource();
        await Should.ThrowAsync<OperationCanceledException>(() => PayAsync(w.Db, Monday, new StopAfter(1, stop), stop.Token));
        (await PayoutsAsync(w)).Count.ShouldBe(1);

        var resumed = await PayAsync(w, Monday);
        await PayAsync(w, Monday);

        resumed.Paid.ShouldBe(1);
        var payouts = await PayoutsAsync(w);
        payouts.Select(p => p.OrganizationId).Order().ShouldBe(new[] { w.Charity, w.OtherCharity }.Order());
        payouts.ShouldAllBe(p => p.Status == PayoutStatus.Paid && p.DocumentId != null);
        w.Gateway.PayoutsSent.ShouldBe(2);
        await w.CheckLedgerAsync();
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ASmallBalanceRollsOverAndTheReserveComesBackAfterThirtyDays(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var clock = w.Db.Services.GetRequiredService<FakeTimeProvider>();
        await w.GiveAsync(20m); // 19.12 after the fee: under the 25.00 minimum

        (await PayAsync(w, Monday)).RolledOver.ShouldBe(1);
        (await PayoutsAsync(w)).Single().Net.ShouldBe(0m);
        w.Gateway.PayoutsSent.ShouldBe(0);
        (await w.BalanceAsync(AccountKeys.Payable(w.Charity))).ShouldBe(-19.12m);

        clock.SetUtcNow(Monday.AddDays(1));
        await w.GiveAsync(100m); // 96.80 more in week 2026-W48
        await PayAsync(w, Monday.AddDays(7));
        var second = (await PayoutsAsync(w)).Single(p => p.PeriodKey == "2026-W48");
        (second.ReserveHeld, second.Net).ShouldBe((9.68m, 19.12m + 96.80m - 9.68m)); // the rolled-over balance is paid too

        clock.SetUtcNow(Monday.AddDays(40));
        await w.GiveAsync(30m); // 28.83 in week 2026-W53
        await PayAsync(w, clock.GetUtcNow().AddDays(7));
        var later = (await PayoutsAsync(w)).OrderBy(p => p.PeriodStart).Last();
        (later.PeriodKey, later.ReserveReleased, later.ReserveHeld, later.Net).ShouldBe(("2026-W53", 9.68m, 2.88m, 28.83m + 9.68m - 2.88m));
        (await w.BalanceAsync(AccountKeys.Reserve(w.Charity))).ShouldBe(-2.88m);
        await w.CheckLedgerAsync();
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task PayeesPaidSeveralAtOnceAreEachPaidExactlyOnceAcrossAStopAndARerun(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var payees = await PayeesOwedAsync(db, count: 24, each: 100m);
        db.Services.GetRequiredService<PayoutOptions>().BookBatch = 4; // several batches, so the stop falls part-way

        using var stop = new CancellationTokenSource();
        await Should.ThrowAsync<OperationCanceledException>(() => PayAsync(db, Monday, new StopAfter(5, stop), stop.Token));
        var booked = (await PayoutsAsync(db)).Count;
        booked.ShouldBeInRange(5, 23); // stopped part-way: whatever was in flight finished or rolled back

        var resumed = await PayAsync(db, Monday);
        var again = await PayAsync(db, Monday);

        resumed.Paid.ShouldBe(24 - booked);
        again.Payees.ShouldBe(0);
        var payouts = await PayoutsAsync(db);
        payouts.Select(p => p.OrganizationId).Order().ShouldBe(payees.Order());
        payouts.ShouldAllBe(p => p.Status == PayoutStatus.Paid && p.Net == 90m && p.ReserveHeld == 10m && p.GatewayPayoutId != null);
        db.Services.GetRequiredService<Platform.Core.Payments.SimulatedGateway>().PayoutsSent.ShouldBe(24);
        foreach (var payee in payees)
        {
            (await BalanceAsync(db, AccountKeys.Payable(payee))).ShouldBe(0m);
        }
        (await BalanceAsync(db, AccountKeys.GatewayClearing)).ShouldBe(24 * 10m);
        await using var scope = db.Scope();
        (await scope.ServiceProvider.GetRequiredService<LedgerCheck>().RunAsync()).IsHealthy.ShouldBeTrue();
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AWeekThatHasNotEndedIsRefusedWithAClearMessageAndNothingIsPaid(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        ClockOf(w.Db).SetUtcNow(Monday.AddDays(2)); // Wednesday of 2026-W48
        await w.GiveAsync(100m);

        var refused = await Should.ThrowAsync<JobRefusedException>(() => PayNowAsync(w.Db, Monday.AddDays(7)));

        refused.Message.ShouldStartWith("Week 2026-W48 has not ended yet");
        refused.Message.ShouldContain("The latest week that can be paid is 2026-W47");
        (await PayoutsAsync(w)).ShouldBeEmpty();
        w.Gateway.PayoutsSent.ShouldBe(0);
        PayoutService.Refusal(Monday.AddDays(7), Monday.AddDays(7)).ShouldBeNull(); // on the Monday after, it may be paid
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AGiftLandingInAWeekAlreadyPaidIsPaidWithTheNextWeekAsItsOwnLineWithTheReserveHeldOnIt(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        await w.GiveAsync(100m); // Sunday of 2026-W47: 96.80 to the charity
        await PaidBeforeItEndedAsync(w, "2026-W47", owed: 96.80m);
        ClockOf(w.Db).SetUtcNow(Monday.AddHours(-4)); // Sunday 23:00, the week not yet over
        await w.GiveAsync(33m); // 31.74 after the fee, in a week already paid
        ClockOf(w.Db).SetUtcNow(Monday.AddDays(2));
        await w.GiveAsync(100m); // 96.80 in 2026-W48

        await PayAsync(w, Monday.AddDays(7));

        var next = (await PayoutsAsync(w)).Single(p => p.PeriodKey == "2026-W48");
        (next.Gross, next.Fees).ShouldBe((100m, 3.20m));
        (next.LateGross, next.LateFees, next.LateRefunds).ShouldBe((33m, 1.26m, 0m));
        next.ReserveHeld.ShouldBe(12.85m); // 10% of 96.80 + 31.74, the late gift's share held like any other
        next.Net.ShouldBe(96.80m + 31.74m - 12.85m);
        (await w.BalanceAsync(AccountKeys.Payable(w.Charity))).ShouldBe(0m);
        await w.CheckLedgerAsync();
        var statement = await PdfText.ReadAsync(w.Db.Mail.Sent.Last(m => m.Model is PayoutEmail).Attachments.Single().Content);
        statement.ShouldContain("Earlier weeks, received after they were paid");
        statement.ShouldContain("$31.74");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task APayeeWithLateGiftsAndAReserveDueBackIsBookedInOneBatchWithAPlainOneEachWithItsOwnFigures(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        await w.GiveAsync(100m); // Sunday of 2026-W47: 96.80 to the charity
        await PaidBeforeItEndedAsync(w, "2026-W47", owed: 96.80m); // 9.68 held
        ClockOf(w.Db).SetUtcNow(Monday.AddHours(-4));
        await w.GiveAsync(33m); // 31.74 after the fee, in a week already paid
        ClockOf(w.Db).SetUtcNow(Monday.AddDays(40)); // Saturday 2 January 2027, in 2026-W53: the W47 reserve is due back
        await w.GiveAsync(100m); // 96.80
        await w.GiveAsync(50m, program: w.OtherProgram); // 48.25 to the other charity, its first payout
        w.Db.Services.GetRequiredService<PayoutOptions>().BookBatch.ShouldBeGreaterThanOrEqualTo(2); // both payees in one batch

        var run = await PayAsync(w, ClockOf(w.Db).GetUtcNow().AddDays(7));

        run.ShouldBe(new PayoutRunResult("2026-W53", 2, 2, 0, 0));
        var payouts = await PayoutsAsync(w);
        var late = payouts.Single(p => p.OrganizationId == w.Charity && p.PeriodKey == "2026-W53");
        (late.Gross, late.Fees, late.LateGross, late.LateFees, late.LateRefunds).ShouldBe((100m, 3.20m, 33m, 1.26m, 0m));
        late.ReserveReleased.ShouldBe(9.68m);
        late.ReserveHeld.ShouldBe(12.85m); // 10% of 96.80 + 31.74
        late.Net.ShouldBe(96.80m + 31.74m + 9.68m - 12.85m);
        payouts.Single(p => p.PeriodKey == "2026-W47").ReserveReturnedAt.ShouldNotBeNull();
        var plain = payouts.Single(p => p.OrganizationId == w.OtherCharity);
        (plain.Gross, plain.Fees, plain.LateGross, plain.ReserveReleased, plain.ReserveHeld).ShouldBe((50m, 1.75m, 0m, 0m, 4.83m));
        plain.Net.ShouldBe(48.25m - 4.83m);
        payouts.Where(p => p.PeriodKey == "2026-W53").ShouldAllBe(p => p.Status == PayoutStatus.Paid);
        (await w.BalanceAsync(AccountKeys.Payable(w.Charity))).ShouldBe(0m);
        (await w.BalanceAsync(AccountKeys.Payable(w.OtherCharity))).ShouldBe(0m);
        (await w.BalanceAsync(AccountKeys.Reserve(w.Charity))).ShouldBe(-12.85m);
        (await w.BalanceAsync(AccountKeys.Reserve(w.OtherCharity))).ShouldBe(-4.83m);
        await w.CheckLedgerAsync();
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ABatchThatMeetsAPayeeAnotherRunBookedMeanwhileIsBookedAgainPayeeByPayeeAndEachIsPaidOnce(DatabaseProvider provider)
    {
        var clock = new ClockWithAMoment(TestTime.Start);
        await using var db = await TestDatabase.CreateAsync(provider, s => s.AddSingleton<FakeTimeProvider>(clock));
        var payees = await PayeesOwedAsync(db, count: 3, each: 100m);
        await using (var arrange = db.Scope())
        {
            // The reserve accounts exist already, so the clock's next read after the run lists its payees is the batch's.
            await arrange.ServiceProvider.GetRequiredService<LedgerService>().EnsureAccountsAsync(
                arrange.ServiceProvider.GetRequiredService<IPlatformDbFactory>(), payees.Select(p => (AccountKeys.Reserve(p), "USD", (Guid?)p)));
        }
        var other = payees[1];
        clock.SetUtcNow(Monday);
        // The batch reads the clock once, after it has read its payees' figures and before its transaction: there another
        // run books the second payee (booked, not yet sent).
        var listed = new OnFirstLog(() => clock.OnNextRead(() => BookedByAnotherRunAsync(db, other, clock)));

        var run = await PayNowAsync(db, Monday, listed);

        run.ShouldBe(new PayoutRunResult("2026-W47", 3, 2, 0, 1));
        var payouts = await PayoutsAsync(db);
        payouts.Select(p => p.OrganizationId).Order().ShouldBe(payees.Order());
        payouts.ShouldAllBe(p => p.Status == PayoutStatus.Paid && p.Net == 90m && p.ReserveHeld == 10m && p.GatewayPayoutId != null);
        db.Services.GetRequiredService<Platform.Core.Payments.SimulatedGateway>().PayoutsSent.ShouldBe(3);
        foreach (var payee in payees)
        {
            (await BalanceAsync(db, AccountKeys.Payable(payee))).ShouldBe(0m);
        }
        (await BalanceAsync(db, AccountKeys.GatewayClearing)).ShouldBe(3 * 10m);
        await using var scope = db.Scope();
        (await scope.ServiceProvider.GetRequiredService<LedgerCheck>().RunAsync()).IsHealthy.ShouldBeTrue();
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task TwoRunsAtOnceBookAndSendEveryPayeeExactlyOnce(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var payees = await PayeesOwedAsync(db, count: 40, each: 100m);
        db.Services.GetRequiredService<PayoutOptions>().BookBatch = 5;
        ClockOf(db).SetUtcNow(Monday);

        var runs = await Task.WhenAll(Task.Run(() => PayNowAsync(db, Monday)), Task.Run(() => PayNowAsync(db, Monday)));

        runs.Sum(r => r.Paid).ShouldBe(40);
        runs.ShouldAllBe(r => r.RolledOver == 0);
        var payouts = await PayoutsAsync(db);
        payouts.Select(p => p.OrganizationId).Order().ShouldBe(payees.Order());
        payouts.ShouldAllBe(p => p.Status == PayoutStatus.Paid && p.Net == 90m && p.GatewayPayoutId != null && p.DocumentId != null);
        db.Services.GetRequiredService<Platform.Core.Payments.SimulatedGateway>().PayoutsSent.ShouldBe(40);
        // One statement each, printed and sent by one of the runs: the other found it issued.
        (await db.Services.ReadAllAsync(d => d.Documents.CountAsync(doc => doc.FileName.StartsWith("payout-")))).ShouldBe(40);
        (await BalanceAsync(db, AccountKeys.GatewayClearing)).ShouldBe(40 * 10m);
        await using var scope = db.Scope();
        (await scope.ServiceProvider.GetRequiredService<LedgerCheck>().RunAsync()).IsHealthy.ShouldBeTrue();
    }

    [Fact]
    public void ThePeriodIsTheIsoWeekBeforeTheRun()
    {
        PayoutService.PeriodBefore(Monday).ShouldBe(("2026-W47", new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero)));
        PayoutService.PeriodBefore(Monday.AddDays(6)).Key.ShouldBe("2026-W47"); // any day of the next week pays the same period
        PayoutService.PeriodBefore(new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.Zero)).Key.ShouldBe("2026-W53");
    }

    private static Task<PayoutRunResult> PayAsync(GivingWorld w, DateTimeOffset asOf) => PayAsync(w.Db, asOf);

    /// <summary>
    /// A week paid before it ended, as runs "as of" a future date used to pay it: the balance owed at that moment paid, less
    /// the reserve on it, booked in the ledger as a run books it.
    /// </summary>
    private static async Task PaidBeforeItEndedAsync(GivingWorld w, string periodKey, decimal owed)
    {
        ClockOf(w.Db).Advance(TimeSpan.FromMinutes(30));
        await using var scope = w.Db.Scope();
        using var _ = scope.ServiceProvider.GetRequiredService<ITenantContext>().ForOrganization(w.Charity);
        var factory = scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>();
        var ledger = scope.ServiceProvider.GetRequiredService<LedgerService>();
        await ledger.EnsureAccountsAsync(factory, [(AccountKeys.Reserve(w.Charity), "USD", w.Charity)]);
        await using var db = await factory.CreateAsync();
        var (key, start, end) = PayoutService.PeriodBefore(Monday);
        key.ShouldBe(periodKey);
        var held = decimal.Round(owed / 10m, 2);
        var payout = new Payout(w.Charity, key, start, end, "USD", new PayoutFigures(owed, 0m, 0m, held, 0m, owed - held), false, ClockOf(w.Db).GetUtcNow());
        payout.Paid("po_early", ClockOf(w.Db).GetUtcNow());
        db.Payouts.Add(payout);
        var (payable, reserve) = (AccountKeys.Payable(w.Charity), AccountKeys.Reserve(w.Charity));
        await ledger.PostAsync(db, $"reserve:{w.Charity:N}:{key}:USD", "Reserve", w.Charity,
            [Posting.Debit(payable, new Money(held, "USD"), w.Charity), Posting.Credit(reserve, new Money(held, "USD"), w.Charity)]);
        await ledger.PostAsync(db, payout.Reference, "Payout", w.Charity,
            [Posting.Debit(payable, new Money(owed - held, "USD"), w.Charity), Posting.Credit(AccountKeys.GatewayClearing, new Money(owed - held, "USD"))]);
        await db.SaveChangesAsync();
    }

    /// <summary>A run as of a date is made on that date (or later): a week is paid once it has ended.</summary>
    private static async Task<PayoutRunResult> PayAsync(TestDatabase db, DateTimeOffset asOf, IJobProgress? progress = null, CancellationToken ct = default)
    {
        if (ClockOf(db).GetUtcNow() < asOf)
        {
            ClockOf(db).SetUtcNow(asOf);
        }
        return await PayNowAsync(db, asOf, progress, ct);
    }

    private static async Task<PayoutRunResult> PayNowAsync(TestDatabase db, DateTimeOffset asOf, IJobProgress? progress = null, CancellationToken ct = default)
    {
        await using var scope = db.Scope();
        return await scope.ServiceProvider.GetRequiredService<PayoutService>().PayAsync(asOf, progress ?? JobProgress.None, ct);
    }

    private static Task<List<Payout>> PayoutsAsync(GivingWorld w) => PayoutsAsync(w.Db);

    private static Task<List<Payout>> PayoutsAsync(TestDatabase db) => db.Services.ReadAllAsync(d => d.Payouts.AsNoTracking().ToListAsync());

    private static FakeTimeProvider ClockOf(TestDatabase db) => db.Services.GetRequiredService<FakeTimeProvider>();

    private static async Task<decimal> BalanceAsync(TestDatabase db, string accountKey)
    {
        await using var scope = db.Scope();
        using var _ = scope.ServiceProvider.GetRequiredService<ITenantContext>().AcrossTenants("test assertion");
        await using var pdb = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        return (await scope.ServiceProvider.GetRequiredService<LedgerService>().BalanceAsync(pdb, accountKey, "USD")).Amount;
    }

    /// <summary>Studios the platform owes <paramref name="each"/> for a sale this week, booked straight in the ledger.</summary>
    private static async Task<List<Guid>> PayeesOwedAsync(TestDatabase db, int count, decimal each, OrganizationKind kind = OrganizationKind.Gym,
        string slug = "studio")
    {
        await using var scope = db.Scope();
        var factory = scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>();
        var ledger = scope.ServiceProvider.GetRequiredService<LedgerService>();
        using var _ = scope.ServiceProvider.GetRequiredService<ITenantContext>().WritingAcrossTenants("test arrangement");
        await using var pdb = await factory.CreateAsync();
        var studios = Enumerable.Range(0, count).Select(i => new Organization($"Studio {i}", $"{slug}-{i}", kind, ClockOf(db).GetUtcNow())).ToList();
        pdb.Organizations.AddRange(studios);
        await pdb.SaveChangesAsync();
        await ledger.EnsureAccountsAsync(factory,
            [(AccountKeys.GatewayClearing, "USD", null), .. studios.Select(s => (AccountKeys.Payable(s.Id), "USD", (Guid?)s.Id))]);
        foreach (var studio in studios)
        {
            await ledger.PostAsync(pdb, $"sale:{studio.Id:N}", "Sale", studio.Id,
                [Posting.Debit(AccountKeys.GatewayClearing, new Money(each, "USD")), Posting.Credit(AccountKeys.Payable(studio.Id), new Money(each, "USD"), studio.Id)]);
        }
        await pdb.SaveChangesAsync();
        return studios.Select(s => s.Id).ToList();
    }

    /// <summary>A payee's period booked as a run books it (reserve held, payout row and entry), not yet sent.</summary>
    private static async Task BookedByAnotherRunAsync(TestDatabase db, Guid payee, TimeProvider clock)
    {
        await using var scope = db.Scope();
        using var _ = scope.ServiceProvider.GetRequiredService<ITenantContext>().ForOrganization(payee);
        var ledger = scope.ServiceProvider.GetRequiredService<LedgerService>();
        await using var pdb = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        var (key, start, end) = PayoutService.PeriodBefore(Monday);
        var payout = new Payout(payee, key, start, end, "USD", new PayoutFigures(100m, 0m, 0m, 10m, 0m, 90m), false, clock.GetUtcNow());
        pdb.Payouts.Add(payout);
        var (payable, reserve) = (AccountKeys.Payable(payee), AccountKeys.Reserve(payee));
        await ledger.PostAsync(pdb, $"reserve:{payee:N}:{key}:USD", "Reserve", payee,
            [Posting.Debit(payable, new Money(10m, "USD"), payee), Posting.Credit(reserve, new Money(10m, "USD"), payee)]);
        await ledger.PostAsync(pdb, payout.Reference, "Payout", payee,
            [Posting.Debit(payable, new Money(90m, "USD"), payee), Posting.Credit(AccountKeys.GatewayClearing, new Money(90m, "USD"))]);
        await pdb.SaveChangesAsync();
    }

    /// <summary>A test clock that, once told, does something (and waits for it) the next time it is read.</summary>
    private sealed class ClockWithAMoment(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private Func<Task>? _next;

        public void OnNextRead(Func<Task> action) => _next = action;

        public override DateTimeOffset GetUtcNow()
        {
            if (Interlocked.Exchange(ref _next, null) is { } action)
            {
                Task.Run(action).GetAwaiter().GetResult();
            }
            return base.GetUtcNow();
        }
    }

    /// <summary>Does something when the run logs its first line (the payees it found), before any payee is booked.</summary>
    private sealed class OnFirstLog(Action action) : IJobProgress
    {
        private int _logged;

        public void Total(int items)
        {
        }

        public void Done(int items = 1)
        {
        }

        public void Log(string message)
        {
            if (Interlocked.Increment(ref _logged) == 1)
            {
                action();
            }
        }
    }

    /// <summary>Stops the run after <paramref name="payees"/> payees, as a killed process would leave it.</summary>
    private sealed class StopAfter(int payees, CancellationTokenSource stop) : IJobProgress
    {
        private int _done;

        public void Total(int items)
        {
        }

        public void Done(int items = 1)
        {
            if (Interlocked.Add(ref _done, items) >= payees)
            {
                stop.Cancel();
            }
        }

        public void Log(string message)
        {
        }
    }
}
