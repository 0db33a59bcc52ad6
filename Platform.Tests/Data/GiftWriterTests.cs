using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Audit;
using Platform.Core.Common;
using Platform.Core.Data;
using Platform.Core.Giving;
using Platform.Core.Ledger;
using Platform.Core.Payments;
using Platform.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

/// <summary>Gifts written in shared units of work: each still in its own tenant, audited for its own donor, applied once.</summary>
public sealed class GiftWriterTests
{
    private static readonly AuditActor Ann = new(Guid.NewGuid(), "ann@donor.test", null, "request-ann");
    private static readonly AuditActor Guest = new(null, null, null, "request-guest");

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task OneBatchWritesTwoCharitiesGiftsEachInItsOwnTenantAuditedForItsOwnDonorAndAppliesEachEventOnce(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var toFirst = await PendingAsync(w, w.Program, "key-ann");
        var toOther = await PendingAsync(w, w.OtherProgram, "key-guest");

        (await WriteAsync(w, new PendingGift(toFirst, null, Ann), new PendingGift(toOther, null, Guest))).ShouldBe([true, true]);
        (await WriteAsync(w, new AcceptedCharge(toFirst, "ch_ann", Ann), new AcceptedCharge(toOther, "ch_guest", Guest))).ShouldBe([true, true]);
        var confirmations = await WriteAsync(w,
            Confirmation("evt_ann", "ch_ann", toFirst),
            Confirmation("evt_guest", "ch_guest", toOther),
            Confirmation("evt_ann", "ch_ann", toFirst), // the same event delivered twice
            Confirmation("evt_stranger", "ch_stranger", reference: Guid.NewGuid()));

        confirmations.Cast<ConfirmationOutcome>().Select(o => o.Result.Succeeded).ShouldBe([true, true, true, false]);
        ((ConfirmationOutcome)confirmations[3]).Result.Summary.ShouldBe("Unknown charge.");
        ((ConfirmationOutcome)confirmations[0]).Succeeded.ShouldNotBeNull().Id.ShouldBe(toFirst.Id);
        ((ConfirmationOutcome)confirmations[2]).Succeeded.ShouldBeNull(); // the repeat changed nothing and sends no second receipt
        var first = await w.DonationAsync(toFirst.Id);
        var other = await w.DonationAsync(toOther.Id);
        (first.Status, first.ReceiptNumber, first.ChargeId).ShouldBe((DonationStatus.Succeeded, "R-2026-000001", "ch_ann"));
        (other.Status, other.ReceiptNumber, other.ChargeId).ShouldBe((DonationStatus.Succeeded, "R-2026-000001", "ch_guest")); // numbered per charity
        (await w.CheckLedgerAsync()).Entries.ShouldBe(2);

        var created = await w.Db.Services.ReadAllAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == nameof(Donation) && a.Action == AuditActions.Created).ToListAsync());
        var forAnn = created.Single(a => a.EntityId == toFirst.Id.ToString());
        (forAnn.UserId, forAnn.UserName, forAnn.CorrelationId, forAnn.OrganizationId).ShouldBe((Ann.UserId, Ann.UserName, "request-ann", w.Charity));
        var forGuest = created.Single(a => a.EntityId == toOther.Id.ToString());
        (forGuest.UserId, forGuest.CorrelationId, forGuest.OrganizationId).ShouldBe((null, "request-guest", w.OtherCharity));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ARepeatedKeyFailsTheWholeBatchButAloneIsAnsweredAsAlreadyTaken(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var once = await PendingAsync(w, w.Program, "same-key");
        var twice = await PendingAsync(w, w.Program, "same-key");

        await Should.ThrowAsync<DbUpdateException>(() => WriteAsync(w, new PendingGift(once, null, Ann), new PendingGift(twice, null, Ann)));
        (await w.Db.Services.ReadAllAsync(db => db.Donations.CountAsync())).ShouldBe(0); // the failed batch left nothing behind

        (await WriteAsync(w, new PendingGift(once, null, Ann))).ShouldBe([true]);
        (await WriteAsync(w, new PendingGift(twice, null, Ann))).ShouldBe([false]);
        (await w.Db.Services.ReadAllAsync(db => db.Donations.Select(d => d.Id).ToListAsync())).ShouldBe([once.Id]);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ManyConcurrentGiftsToTwoCharitiesAllSucceedWithReceiptNumbersWithoutGapsOrRepeats(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);

        var gifts = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            w.GiveAsync(10m + i, program: i % 2 == 0 ? w.Program : w.OtherProgram, donor: GivingWorld.Donor($"donor{i}@donor.test")))));
        await w.DeliverGatewayEventsAsync(); // any confirmation another task's delivery loop had not reached yet

        var written = await w.Db.Services.ReadAllAsync(db => db.Donations.AsNoTracking().ToListAsync());
        written.Count.ShouldBe(40);
        written.ShouldAllBe(d => d.Status == DonationStatus.Succeeded && d.ChargeId != null);
        foreach (var charity in written.GroupBy(d => d.OrganizationId))
        {
            charity.Select(d => d.ReceiptNumber).Order().ShouldBe(Enumerable.Range(1, 20).Select(n => $"R-2026-{n:D6}"));
        }
        (await w.CheckLedgerAsync()).Entries.ShouldBe(40);
        w.Db.Mail.Sent.Count(m => m.Model is DonationReceiptEmail).ShouldBe(40);
        gifts.Select(g => g.DonationId).ShouldBeUnique();
    }

    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.MariaDb)]
    public async Task OnAServerDatabaseAGiftIsRecordedPendingWhileAConfirmationWaitsForTheReceiptCounter(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        await w.GiveAsync(10m); // the charity's receipt counter exists
        var waiting = await w.GiveAsync(20m, confirm: false); // recorded and charged; its confirmation is still with the gateway
        var writer = w.Db.Services.GetRequiredService<GiftWriter>();

        // Another transaction holds the counter, as a long unit of work on another node would.
        await using var holder = w.Db.Scope();
        var db = holder.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var transaction = await db.Database.BeginTransactionAsync();
        (await db.Set<DocumentSequence>().Where(s => s.OrganizationId == w.Charity).ExecuteUpdateAsync(s => s.SetProperty(x => x.Next, x => x.Next))).ShouldBe(1);
        var confirming = Task.Run(w.DeliverGatewayEventsAsync);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        confirming.IsCompleted.ShouldBeFalse("the confirmation waits for the counter");

        // A new gift is recorded pending all the same: it does not queue behind the confirmation's unit of work.
        var next = await PendingAsync(w, w.Program, "key-while-waiting");
        (await writer.RecordPendingAsync(new PendingGift(next, null, Ann)).WaitAsync(TimeSpan.FromSeconds(15))).ShouldBeTrue();

        await transaction.RollbackAsync();
        await confirming.WaitAsync(TimeSpan.FromSeconds(30));
        (await w.DonationAsync(waiting.DonationId)).ReceiptNumber.ShouldBe("R-2026-000002");
        (await w.DonationAsync(next.Id)).Status.ShouldBe(DonationStatus.Pending);
    }

    private static async Task<Donation> PendingAsync(GivingWorld w, Guid programId, string key)
    {
        var program = await w.Db.Services.ReadAllAsync(db => db.Programs.AsNoTracking().SingleAsync(p => p.Id == programId));
        await using (var scope = w.Db.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<LedgerService>().EnsureAccountsAsync(
                scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>(), GivingService.AccountsFor(program.OrganizationId, program.Currency));
        }
        return new Donation(program, GivingWorld.Donor(), new Money(40m, "USD"), new Money(1.46m, "USD"), key, DateTimeOffset.UtcNow);
    }

    private static GatewayConfirmation Confirmation(string id, string chargeId, Donation? gift = null, Guid? reference = null) =>
        new(new GatewayEvent(id, GatewayEvent.ChargeSucceeded, chargeId, 40m, "USD", null, DateTimeOffset.UtcNow, (gift?.Id ?? reference)!.ToString()),
            Guest);

    private static async Task<IReadOnlyList<object>> WriteAsync(GivingWorld w, params GiftWrite[] writes)
    {
        await using var scope = w.Db.Scope();
        return await scope.ServiceProvider.GetRequiredService<GiftBatch>().WriteAsync(writes);
    }
}
