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

/// <summary>A monthly gift whose card keeps being declined: how its attempts are listed, and how the donor gets it going again.</summary>
public sealed class RecurringResumeTests
{
    private static readonly DonorRef Dana = new(Guid.NewGuid(), "dana@donor.test");

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task DeclinedMonthlyChargesAreListedUnderTheMonthlyGiftAndNotAsTheDonorsGifts(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var clock = w.Db.Services.GetRequiredService<FakeTimeProvider>();
        var due = clock.GetUtcNow().AddMonths(1);
        await w.GiveAsync(15m, card: SimulatedGateway.SucceedsOnceThenDeclines, monthly: true, donor: GivingWorld.Donor(Dana.Email, Dana.UserId));
        await using var scope = w.Db.Scope();
        var recurring = scope.ServiceProvider.GetRequiredService<RecurringGivingService>();

        clock.SetUtcNow(due);
        await RunAsync(w);
        (await recurring.DonorGiftsAsync(Dana)).Single().NextCharge.ShouldBe(due.AddDays(1)); // the retry, not the month's date
        await SuspendAsync(w, due);
        await w.GiveAsync(10m, donor: GivingWorld.Donor(Dana.Email, Dana.UserId));

        var queries = scope.ServiceProvider.GetRequiredService<GivingQueries>();
        var recent = (await queries.DonorGiftsAsync(Dana.UserId, Dana.Email, new DonorGiftFilter(), new PageRequest(0, 5))).Items;
        recent.Select(g => (g.Charged.Amount, g.Status)).ShouldBe([(10m, DonationStatus.Succeeded), (15m, DonationStatus.Succeeded)]);
        var gift = (await recurring.DonorGiftsAsync(Dana)).Single();
        var attempts = (await recurring.AttemptsAsync(Dana)).Where(a => a.RecurringGiftId == gift.Id).ToList();
        attempts.Count(a => a.Status == DonationStatus.Failed).ShouldBe(4);
        attempts.Count(a => a.Status == DonationStatus.Succeeded).ShouldBe(1);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ASuspendedMonthlyGiftGetsANewCardAndResumesAndItsDeclineIsForgotten(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var clock = w.Db.Services.GetRequiredService<FakeTimeProvider>();
        var due = clock.GetUtcNow().AddMonths(1);
        await w.GiveAsync(15m, card: SimulatedGateway.SucceedsOnceThenDeclines, monthly: true, donor: GivingWorld.Donor(Dana.Email, Dana.UserId));
        clock.SetUtcNow(due);
        await RunAsync(w);
        await SuspendAsync(w, due);
        var suspendedEmail = w.Db.Mail.Sent.Select(m => m.Model).OfType<RecurringDeclinedEmail>().Last();
        suspendedEmail.Links.Suspended.ShouldBeTrue(); // it offers resuming, not a pause that a suspended gift refuses
        suspendedEmail.Links.Resume.ShouldContain("action=Resume");
        await using var scope = w.Db.Scope();
        var recurring = scope.ServiceProvider.GetRequiredService<RecurringGivingService>();
        var id = (await recurring.DonorGiftsAsync(Dana)).Single().Id;

        (await recurring.ChangeCardAsync(id, GivingWorld.Card("4242 4242 4242 4241"), Dana, resume: true)).Errors.Keys.ShouldBe(["CardNumber"]);
        (await recurring.ChangeCardAsync(id, GivingWorld.Card(), new DonorRef(Guid.NewGuid(), "mallory@donor.test"), resume: true))
            .Summary.ShouldBe("Monthly gift not found.");
        (await recurring.ChangeCardAsync(id, GivingWorld.Card("4242 4242 4242 4242"), donor: null, resume: true)).Succeeded.ShouldBeTrue();

        var resumed = (await recurring.DonorGiftsAsync(Dana)).Single();
        (resumed.Status, resumed.CardLast4, resumed.LastFailure, resumed.RetryAt).ShouldBe((RecurringStatus.Active, "4242", (string?)null, (DateTimeOffset?)null));
        resumed.NextCharge.ShouldBeLessThanOrEqualTo(clock.GetUtcNow()); // due at once
        await RunAsync(w);
        await w.DeliverGatewayEventsAsync();
        (await RunAsync(w)).Charged.ShouldBe(1); // the new card is charged
        (await recurring.ManageAsync(id, RecurringAction.Cancel, Dana)).Succeeded.ShouldBeTrue();
        (await recurring.ChangeCardAsync(id, GivingWorld.Card(), Dana, resume: true)).Summary.ShouldContain("cancelled monthly gift cannot be changed");
        await w.CheckLedgerAsync();
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AMonthlyAmountOverTheLimitIsRefusedWithTheLimitSaidAsMoney(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        await w.GiveAsync(25m, monthly: true, donor: GivingWorld.Donor(Dana.Email, Dana.UserId));
        await using var scope = w.Db.Scope();
        var recurring = scope.ServiceProvider.GetRequiredService<RecurringGivingService>();
        var id = (await recurring.DonorGiftsAsync(Dana)).Single().Id;

        (await recurring.ChangeAmountAsync(id, 60_000m, Dana)).Errors["Amount"].ShouldBe(["The largest monthly gift is $50,000.00."]);
        (await recurring.ChangeAmountAsync(id, 0.5m, Dana)).Errors["Amount"].ShouldBe(["The smallest monthly gift is $1.00."]);
    }

    /// <summary>The three retries after the month's first decline, all declined: the gift is suspended.</summary>
    private static async Task SuspendAsync(GivingWorld w, DateTimeOffset due)
    {
        var clock = w.Db.Services.GetRequiredService<FakeTimeProvider>();
        foreach (var day in RecurringGift.RetryDays)
        {
            clock.SetUtcNow(due.AddDays(day));
            await RunAsync(w);
        }
        (await w.Db.Services.ReadAllAsync(db => db.RecurringGifts.AsNoTracking().SingleAsync())).Status.ShouldBe(RecurringStatus.Suspended);
    }

    private static async Task<RecurringRunResult> RunAsync(GivingWorld w)
    {
        await using var scope = w.Db.Scope();
        return await scope.ServiceProvider.GetRequiredService<RecurringGivingService>().ChargeDueAsync(JobProgress.None);
    }
}
