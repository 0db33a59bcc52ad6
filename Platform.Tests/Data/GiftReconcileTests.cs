using Microsoft.Extensions.Time.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Common;
using Platform.Core.Giving;
using Platform.Core.Jobs;
using Platform.Core.Payments;
using Platform.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

/// <summary>Gifts left pending by a process that stopped mid-gift are settled from what the gateway did, once.</summary>
public sealed class GiftReconcileTests
{
    private const string Key = "gift-key-1";

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AGiftChargedJustBeforeTheProcessWasKilledSucceedsOnceAfterTheRestartWithOneReceiptAndOneBalancedEntry(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var donor = await w.Db.CreateUserAsync("dana@donor.test");
        var gift = await GiveInProcessKilledAtAsync(w, StopsAt.AfterCharge, SimulatedGateway.Succeeds, donor.Id);
        var lostWebhooks = Drain(w.Gateway); // the confirmation never reached the app either

        var left = await w.DonationAsync(gift);
        (left.Status, left.ChargeId, left.ReceiptNumber).ShouldBe((DonationStatus.Pending, null, null));
        (await DonorSeesAsync(w, donor.Id)).ShouldBe([(gift, DonationStatus.Pending)]); // shown as confirming, not hidden
        (await CharitySeesAsync(w)).ShouldBe([(gift, DonationStatus.Pending)]);
        (await StuckAsync(w)).Count.ShouldBe(0); // not stuck yet: a confirmation normally takes seconds

        Later(w.Db, minutes: 6);
        (await StuckAsync(w)).Count.ShouldBe(1);
        var run = await ReconcileAsync(w.Db);

        run.ShouldBe(new ReconcileRunResult(1, 1, 0, 0, 0));
        var settled = await w.DonationAsync(gift);
        (settled.Status, settled.ReceiptNumber).ShouldBe((DonationStatus.Succeeded, "R-2026-000001"));
        settled.ChargeId.ShouldNotBeNull().ShouldStartWith("ch_");
        (await w.CheckLedgerAsync()).Entries.ShouldBe(1);
        w.Db.Mail.Sent.Select(m => m.Model).OfType<DonationReceiptEmail>().Single().ReceiptNumber.ShouldBe("R-2026-000001");
        (await w.Db.Services.ReadAllAsync(db => db.JourneySteps.CountAsync(s => s.DonationId == gift))).ShouldBe(1);
        (await StuckAsync(w)).Count.ShouldBe(0);

        // The lost webhook arriving after all, and the next run, change nothing.
        foreach (var late in lostWebhooks)
        {
            await w.ApplyAsync(late);
        }
        (await ReconcileAsync(w.Db)).Looked.ShouldBe(0);
        (await w.CheckLedgerAsync()).Entries.ShouldBe(1);
        w.Db.Mail.Sent.Count.ShouldBe(1);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task TwoReconcilesRunningAtOnceInTwoProcessesApplyTheChargeOnce(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var gift = await GiveInProcessKilledAtAsync(w, StopsAt.AfterCharge, SimulatedGateway.Succeeds);
        Drain(w.Gateway);
        await using var second = w.Db.AnotherProcess(s => s.AddSingleton(w.Gateway));
        Later(w.Db, minutes: 6);
        Later(second, minutes: 6);

        var runs = await Task.WhenAll(Task.Run(() => ReconcileAsync(w.Db)), Task.Run(() => ReconcileAsync(second)));

        // Whichever run comes second may find the gift already settled (SQLite's single writer often orders them).
        runs.ShouldContain(r => r.Succeeded == 1);
        (await w.DonationAsync(gift)).ReceiptNumber.ShouldBe("R-2026-000001");
        (await w.CheckLedgerAsync()).Entries.ShouldBe(1);
        w.Db.Mail.Sent.Concat(second.Mail.Sent).Count(m => m.Model is DonationReceiptEmail).ShouldBe(1);
        // The numbers stay gapless: whichever run lost took no receipt number.
        var next = await w.GiveAsync(10m);
        (await w.DonationAsync(next.DonationId)).ReceiptNumber.ShouldBe("R-2026-000002");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AGiftDeclinedJustBeforeTheProcessWasKilledIsFailedWithTheDeclineAndMovesNoMoney(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var gift = await GiveInProcessKilledAtAsync(w, StopsAt.AfterCharge, SimulatedGateway.Declined);
        Later(w.Db, minutes: 6);

        (await ReconcileAsync(w.Db)).ShouldBe(new ReconcileRunResult(1, 0, 1, 0, 0));

        var failed = await w.DonationAsync(gift);
        (failed.Status, failed.FailureMessage, failed.ReceiptNumber).ShouldBe(
            (DonationStatus.Failed, ChargeResult.Explain(DeclineCodes.CardDeclined), null));
        (await w.CheckLedgerAsync()).Entries.ShouldBe(0);
        w.Db.Mail.Sent.ShouldBeEmpty();
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AGiftNeverChargedIsAbandonedMovesNoMoneyAndIsNoLongerListedAsAGift(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var donor = await w.Db.CreateUserAsync("dana@donor.test");
        var gift = await GiveInProcessKilledAtAsync(w, StopsAt.BeforeCharge, SimulatedGateway.Succeeds, donor.Id);
        Later(w.Db, minutes: 6);

        (await ReconcileAsync(w.Db)).ShouldBe(new ReconcileRunResult(1, 0, 0, 1, 0));

        (await w.DonationAsync(gift)).Status.ShouldBe(DonationStatus.Abandoned);
        (await w.Gateway.FindChargeAsync(Key)).Charge.ShouldBeNull();
        (await w.CheckLedgerAsync()).Entries.ShouldBe(0);
        (await DonorSeesAsync(w, donor.Id)).ShouldBeEmpty();
        (await CharitySeesAsync(w)).ShouldBeEmpty();
        (await StuckAsync(w)).Count.ShouldBe(0);
        w.Db.Mail.Sent.ShouldBeEmpty();
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AGiftPendingForLessThanTheConfiguredWaitIsLeftToItsWebhook(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var pending = await w.GiveAsync(25m, confirm: false);
        Later(w.Db, minutes: 4);

        (await ReconcileAsync(w.Db)).Looked.ShouldBe(0);

        (await w.DonationAsync(pending.DonationId)).Status.ShouldBe(DonationStatus.Pending);
    }

    /// <summary>Gives in a process that is killed at <paramref name="at"/>; the database and the gateway outlive it.</summary>
    private static async Task<Guid> GiveInProcessKilledAtAsync(GivingWorld w, StopsAt at, string card, Guid? donorId = null)
    {
        await using (var dying = w.Db.AnotherProcess(s => s.AddSingleton<IPaymentGateway>(new StopsMidGiftGateway(w.Gateway, at))))
        {
            await using var scope = dying.Scope();
            await Should.ThrowAsync<ProcessStoppedException>(() => scope.ServiceProvider.GetRequiredService<GivingService>()
                .GiveAsync(new GiveRequest(w.Program, 40m, GivingWorld.Card(card), GivingWorld.Donor(userId: donorId), Key)));
        }
        return await w.Db.Services.ReadAllAsync(db => db.Donations.Where(d => d.IdempotencyKey == Key).Select(d => d.Id).SingleAsync());
    }

    private static List<GatewayEvent> Drain(SimulatedGateway gateway)
    {
        var events = new List<GatewayEvent>();
        while (gateway.Events.TryRead(out var e))
        {
            events.Add(e);
        }
        return events;
    }

    private static void Later(TestDatabase process, int minutes) => process.Services.GetRequiredService<FakeTimeProvider>().Advance(TimeSpan.FromMinutes(minutes));

    private static async Task<ReconcileRunResult> ReconcileAsync(TestDatabase process)
    {
        await using var scope = process.Scope();
        return await scope.ServiceProvider.GetRequiredService<GiftReconciler>().ReconcileAsync(JobProgress.None);
    }

    private static async Task<List<(Guid, DonationStatus)>> DonorSeesAsync(GivingWorld w, Guid donorId)
    {
        await using var scope = w.Db.Scope();
        var gifts = await scope.ServiceProvider.GetRequiredService<GivingQueries>()
            .DonorGiftsAsync(donorId, "dana@donor.test", new DonorGiftFilter(), new PageRequest(0, 20));
        return gifts.Items.Select(g => (g.Id, g.Status)).ToList();
    }

    private static async Task<List<(Guid, DonationStatus)>> CharitySeesAsync(GivingWorld w)
    {
        await using var member = w.Db.As(w.Charity, Platform.Core.Tenancy.MembershipRole.Owner);
        var gifts = await member.Get<GivingService>().DonationsAsync(null, null, new PageRequest(0, 20));
        return gifts.Items.Select(g => (g.Id, g.Status)).ToList();
    }

    private static async Task<StuckGifts> StuckAsync(GivingWorld w)
    {
        await using var member = w.Db.As(w.Charity, Platform.Core.Tenancy.MembershipRole.Owner);
        return await member.Get<GiftReconciler>().StuckAsync();
    }
}
