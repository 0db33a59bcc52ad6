using Microsoft.Extensions.Time.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Common;
using Platform.Core.Data;
using Platform.Core.Giving;
using Platform.Core.Jobs;
using Platform.Core.Payments;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

public sealed class RecurringGivingTests
{
    private static readonly DonorRef Dana = new(Guid.NewGuid(), "dana@donor.test");

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AMonthlyGiftStartsWithItsFirstMonthAndThenEachMonthIsChargedExactlyOnce(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var clock = w.Db.Services.GetRequiredService<FakeTimeProvider>();
        var start = clock.GetUtcNow();

        var first = await w.GiveAsync(20m, monthly: true, confirm: false);
        var gift = await RecurringAsync(w);
        gift.Status.ShouldBe(RecurringStatus.Pending);
        await w.DeliverGatewayEventsAsync();
        gift = await RecurringAsync(w);
        gift.Status.ShouldBe(RecurringStatus.Active);
        gift.NextChargeAt.ShouldBe(start.AddMonths(1));
        (await w.DonationAsync(first.DonationId)).RecurringGiftId.ShouldBe(gift.Id);
        w.Db.Mail.Sent.Single().Model.ShouldBeOfType<DonationReceiptEmail>().Monthly.ShouldNotBeNull().Pause.ShouldContain("action=Pause");

        (await RunAsync(w)).Due.ShouldBe(0);

        clock.SetUtcNow(start.AddMonths(1).AddHours(1));
        (await RunAsync(w)).ShouldBe(new RecurringRunResult(1, 0, 0, 0, 1, 0)); // charged, awaiting the gateway
        (await RunAsync(w)).ShouldBe(new RecurringRunResult(1, 0, 0, 0, 1, 0)); // run again before it confirms: no second charge
        (await GiftsOfAsync(w, gift.Id)).Count.ShouldBe(2);

        await w.DeliverGatewayEventsAsync();
        (await RunAsync(w)).ShouldBe(new RecurringRunResult(1, 1, 0, 0, 0, 0));
        gift = await RecurringAsync(w);
        (gift.Month, gift.NextChargeAt, gift.PendingAttemptKey).ShouldBe((2, start.AddMonths(2), null));
        (await RunAsync(w)).Due.ShouldBe(0);

        var gifts = await GiftsOfAsync(w, gift.Id);
        gifts.Count.ShouldBe(2);
        gifts.ShouldAllBe(d => d.Status == DonationStatus.Succeeded && d.Amount == 20m);
        await w.CheckLedgerAsync();
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ADeclinedMonthIsRetriedThreeTimesOverSevenDaysWithAnEmailEachTimeThenSuspended(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var clock = w.Db.Services.GetRequiredService<FakeTimeProvider>();
        var due = clock.GetUtcNow().AddMonths(1);
        await w.GiveAsync(15m, card: SimulatedGateway.SucceedsOnceThenDeclines, monthly: true);

        clock.SetUtcNow(due);
        (await RunAsync(w)).Declined.ShouldBe(1);
        (await RunAsync(w)).Due.ShouldBe(0); // not again the same day
        foreach (var (day, outcome) in new[] { (1, "declined"), (3, "declined"), (7, "suspended") })
        {
            clock.SetUtcNow(due.AddDays(day));
            var run = await RunAsync(w);
            (outcome == "declined" ? run.Declined : run.Suspended).ShouldBe(1, $"day {day}");
        }

        var gift = await RecurringAsync(w);
        gift.Status.ShouldBe(RecurringStatus.Suspended);
        (await GiftsOfAsync(w, gift.Id)).Count(d => d.Status == DonationStatus.Failed).ShouldBe(4);
        var emails = w.Db.Mail.Sent.Select(m => m.Model).OfType<RecurringDeclinedEmail>().ToList();
        emails.Select(e => e.NextTry).ShouldBe([due.AddDays(1), due.AddDays(3), due.AddDays(7), null]);
        emails.Last().Subject.ShouldContain("suspended");
        emails.ShouldAllBe(e => e.Links.Cancel.Contains("action=Cancel"));

        clock.SetUtcNow(due.AddDays(30));
        (await RunAsync(w)).Due.ShouldBe(0); // suspended gifts are not charged
        await w.CheckLedgerAsync();
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task TheDonorPausesSkipsChangesAndCancelsTheirOwnGiftAndNobodyElseCan(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var clock = w.Db.Services.GetRequiredService<FakeTimeProvider>();
        var due = clock.GetUtcNow().AddMonths(1);
        await w.GiveAsync(25m, monthly: true, donor: GivingWorld.Donor(Dana.Email, Dana.UserId));
        var id = (await RecurringAsync(w)).Id;
        await using var scope = w.Db.Scope();
        var recurring = scope.ServiceProvider.GetRequiredService<RecurringGivingService>();

        (await recurring.ManageAsync(id, RecurringAction.Pause, new DonorRef(Guid.NewGuid(), "mallory@donor.test"))).Summary.ShouldBe("Monthly gift not found.");
        (await recurring.ManageAsync(id, RecurringAction.Pause, Dana)).Succeeded.ShouldBeTrue();
        (await recurring.ManageAsync(id, RecurringAction.Skip, Dana)).Summary.ShouldContain("paused monthly gift cannot be skipped");
        clock.SetUtcNow(due);
        (await RunAsync(w)).Due.ShouldBe(0); // paused

        (await recurring.ManageAsync(id, RecurringAction.Resume, Dana)).Succeeded.ShouldBeTrue();
        (await recurring.ManageAsync(id, RecurringAction.Skip, donor: null)).Succeeded.ShouldBeTrue(); // through a signed link
        (await RecurringAsync(w)).NextChargeAt.ShouldBe(due.AddMonths(1));
        (await RunAsync(w)).Due.ShouldBe(0); // this month skipped

        (await recurring.ChangeAmountAsync(id, 0.5m, Dana)).Errors.Keys.ShouldBe(["Amount"]);
        (await recurring.ChangeAmountAsync(id, 40m, Dana)).Succeeded.ShouldBeTrue();
        clock.SetUtcNow(due.AddMonths(1));
        await RunAsync(w);
        await w.DeliverGatewayEventsAsync();
        (await RunAsync(w)).Charged.ShouldBe(1);
        (await GiftsOfAsync(w, id)).Select(d => d.Amount).Order().ShouldBe([25m, 40m]);

        var listed = (await recurring.DonorGiftsAsync(Dana)).ShouldHaveSingleItem();
        (listed.Amount, listed.Status, listed.CharityName).ShouldBe((new Money(40m, "USD"), RecurringStatus.Active, "Open Hands"));
        (await recurring.ManageAsync(id, RecurringAction.Cancel, Dana)).Succeeded.ShouldBeTrue();
        (await recurring.ManageAsync(id, RecurringAction.Resume, Dana)).Succeeded.ShouldBeFalse();
        clock.SetUtcNow(due.AddMonths(2));
        (await RunAsync(w)).Due.ShouldBe(0);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AMonthlyGiftWhoseFirstMonthIsDeclinedNeverStarts(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);

        var outcome = await w.GiveAsync(20m, card: SimulatedGateway.Declined, monthly: true);

        outcome.Status.ShouldBe(DonationStatus.Failed);
        (await RecurringAsync(w)).Status.ShouldBe(RecurringStatus.Cancelled);
        w.Db.Services.GetRequiredService<FakeTimeProvider>().SetUtcNow(DateTimeOffset.UtcNow.AddMonths(2));
        (await RunAsync(w)).Due.ShouldBe(0);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ARunAsOfAnEarlierDateChargesOnlyTheGiftsDueByThen(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var clock = w.Db.Services.GetRequiredService<FakeTimeProvider>();
        var start = clock.GetUtcNow();
        await w.GiveAsync(20m, monthly: true);
        clock.SetUtcNow(start.AddMonths(1).AddDays(2));

        (await RunAsync(w, asOf: start.AddMonths(1).AddDays(-1))).Due.ShouldBe(0); // the day before it was due
        (await RunAsync(w, asOf: start.AddMonths(1).AddHours(1))).Due.ShouldBe(1); // the day it was due, caught up
        (await GiftsOfAsync(w, (await RecurringAsync(w)).Id)).Count.ShouldBe(2);
    }

    private static async Task<RecurringRunResult> RunAsync(GivingWorld w, DateTimeOffset? asOf = null)
    {
        await using var scope = w.Db.Scope();
        return await scope.ServiceProvider.GetRequiredService<RecurringGivingService>().ChargeDueAsync(JobProgress.None, asOf: asOf);
    }

    private static Task<RecurringGift> RecurringAsync(GivingWorld w) =>
        w.Db.Services.ReadAllAsync(db => db.RecurringGifts.AsNoTracking().SingleAsync());

    private static Task<List<Donation>> GiftsOfAsync(GivingWorld w, Guid recurringGiftId) =>
        w.Db.Services.ReadAllAsync(db => db.Donations.AsNoTracking().Where(d => d.RecurringGiftId == recurringGiftId).ToListAsync());
}
