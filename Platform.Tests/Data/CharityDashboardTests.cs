using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Common;
using Platform.Core.Giving;
using Platform.Core.Payments;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

public sealed class CharityDashboardTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task TheDashboardCountsOnlyTheCharitysOwnGiftsOfThisMonthItsJourneysAndTheFamiliesReached(DatabaseProvider provider)
    {
        var november = TestTime.Start;
        await using var w = await GivingWorld.CreateAsync(provider, startsAt: november.AddMonths(-2));
        var clock = w.Db.Services.GetRequiredService<FakeTimeProvider>();
        await w.GiveAsync(40m);
        clock.SetUtcNow(november);
        var covered = await w.GiveAsync(50m, donor: GivingWorld.Donor() with { CoverFee = true }); // charged 51.75
        var delivered = await w.GiveAsync(100m);
        await w.GiveAsync(20m, SimulatedGateway.Declined);                                         // not given
        await w.GiveAsync(70m, program: w.OtherProgram);                                           // another charity's
        await using var owner = w.Db.As(w.Charity, MembershipRole.Owner);
        await owner.Get<JourneyService>().AdvanceAsync(delivered.DonationId, new AdvanceInput(JourneyStage.Delivered, null, null, null, null, w.Family));
        clock.SetUtcNow(november.AddDays(5)); // the September gift has not moved for over two months: stalled

        var dashboard = (await owner.Get<CharityDashboardQuery>().LoadAsync()).ShouldNotBeNull();

        dashboard.GivenThisMonth.ShouldBe([new Money(151.75m, "USD")]);
        dashboard.GiftsThisMonth.ShouldBe(2);
        dashboard.Journeys.Active.ShouldBe(3);
        dashboard.Journeys.Stalled.ShouldBe(1);
        dashboard.Journeys.FamiliesHelped.ShouldBe(1);
        dashboard.ChartCurrency.ShouldBe("USD");
        dashboard.Months.Select(m => m.Month.Key).ShouldBe(["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]);
        dashboard.Months.Select(m => m.Amount).ShouldBe([0m, 0m, 0m, 40m, 0m, 151.75m]);
    }

    [Fact]
    public async Task TheMonthIsTheOrganizationsOwnSoAGiftLateOnTheLastEveningCountsInThatMonth()
    {
        await using var w = await GivingWorld.CreateAsync(DatabaseProvider.Sqlite);
        await using var owner = w.Db.As(w.Charity, MembershipRole.Owner);
        var org = (await owner.Get<OrganizationService>().GetCurrentAsync())!;
        (await owner.Get<OrganizationService>().UpdateSettingsAsync(
            new OrganizationSettings(org.Name, org.Slug, "America/New_York", org.Currency, org.LogoUrl, org.PrimaryColor))).Succeeded.ShouldBeTrue();
        var clock = w.Db.Services.GetRequiredService<FakeTimeProvider>();
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero)); // 22:00 on 30 November in New York
        await w.GiveAsync(25m);

        var dashboard = (await owner.Get<CharityDashboardQuery>().LoadAsync()).ShouldNotBeNull();

        dashboard.Months[^1].Month.Key.ShouldBe("2026-11");
        dashboard.GivenThisMonth.ShouldBe([new Money(25m, "USD")]);
    }
}
