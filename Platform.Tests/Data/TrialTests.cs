using Microsoft.Extensions.Time.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Jobs;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

public sealed class TrialTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ATrialIsRemindedSevenThreeAndOneDayBeforeItsEndOnceEachThenExpires(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = db.Services.GetRequiredService<FakeTimeProvider>();
        var start = clock.GetUtcNow();
        var org = await OrganizationAsync(db);

        var days = new List<(double Day, TrialRunResult Result)>();
        foreach (var day in new[] { 1.0, 23.5, 23.6, 27.2, 29.1, 29.9, 30.0, 31.0 })
        {
            clock.SetUtcNow(start.AddDays(day));
            days.Add((day, await RunAsync(db)));
        }

        days.Select(d => (d.Day, d.Result.Reminded, d.Result.Expired)).ShouldBe(
        [
            (1.0, 0, 0), (23.5, 1, 0), (23.6, 0, 0), (27.2, 1, 0), (29.1, 1, 0), (29.9, 0, 0), (30.0, 0, 1), (31.0, 0, 0),
        ]);
        var mail = db.Mail.Sent.Where(m => m.To == "owner@trial.test").Select(m => m.Model).ToList();
        mail.OfType<TrialReminderEmail>().Select(m => m.DaysLeft).ShouldBe([7, 3, 1]);
        mail.OfType<TrialEndedEmail>().ShouldHaveSingleItem().UpgradeUrl.ShouldBe("http://test/merchant/plan");
        var expired = await StateAsync(db, org);
        (expired.Status, expired.IsReadOnly).ShouldBe((OrganizationStatus.Expired, true));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task StaffExtendATrialAndAnOwnerChoosesAPlanEachAtOnce(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = db.Services.GetRequiredService<FakeTimeProvider>();
        var org = await OrganizationAsync(db);
        clock.SetUtcNow(clock.GetUtcNow().AddDays(31));
        await RunAsync(db);
        (await StateAsync(db, org)).Status.ShouldBe(OrganizationStatus.Expired);

        await using (var scope = db.Scope())
        {
            var trials = scope.ServiceProvider.GetRequiredService<TrialService>();
            (await trials.ExtendAsync(org, 0)).Errors.Keys.ShouldBe(["Days"]);
            (await trials.ExtendAsync(org, 14)).Succeeded.ShouldBeTrue();
        }
        var extended = await StateAsync(db, org);
        (extended.Status, extended.TrialEndsAt).ShouldBe((OrganizationStatus.Trial, clock.GetUtcNow().AddDays(14)));
        (await RunAsync(db)).Expired.ShouldBe(0);

        await using (var staff = db.As(org, MembershipRole.Manager))
        {
            (await staff.Get<TrialService>().ChoosePlanAsync(Plans.Growth)).Summary.ShouldBe("Only owners can choose the plan.");
        }
        await using (var owner = db.As(org, MembershipRole.Owner))
        {
            (await owner.Get<TrialService>().ChoosePlanAsync(Plans.Trial)).Errors.Keys.ShouldBe(["Plan"]);
            (await owner.Get<TrialService>().ChoosePlanAsync(Plans.Growth)).Succeeded.ShouldBeTrue();
        }
        var paid = await StateAsync(db, org);
        (paid.Status, paid.Plan, paid.TrialEndsAt).ShouldBe((OrganizationStatus.Active, Plans.Growth, (DateTimeOffset?)null));
        clock.SetUtcNow(clock.GetUtcNow().AddDays(60));
        (await RunAsync(db)).Trials.ShouldBe(0);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AnExpiredOrganizationIsReadOnlyToItsMembersButNotToThePlatformUntilAPlanIsChosen(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = db.Services.GetRequiredService<FakeTimeProvider>();
        var org = await OrganizationAsync(db);
        await using (var owner = db.As(org, MembershipRole.Owner))
        {
            (await owner.Get<LocationService>().CreateAsync(new LocationInput("Downtown", null, "UTC"))).Succeeded.ShouldBeTrue();
        }
        clock.SetUtcNow(clock.GetUtcNow().AddDays(31));
        (await RunAsync(db)).Expired.ShouldBe(1);

        await using (var owner = db.As(org, MembershipRole.Owner))
        {
            var refused = await Should.ThrowAsync<ReadOnlyOrganizationException>(() =>
                owner.Get<LocationService>().CreateAsync(new LocationInput("Riverside", null, "UTC")));
            refused.Message.ShouldContain("Choose a plan");
            (await owner.Get<OrganizationService>().UpdateSettingsAsync(new OrganizationSettings("Renamed", "renamed", "UTC", "USD", null, "#123456")))
                .Summary.ShouldContain("read-only");
            await using var read = await owner.Get<Platform.Core.Data.IPlatformDbFactory>().CreateAsync();
            (await read.Locations.Select(l => l.Name).ToListAsync()).ShouldBe(["Downtown"]); // reading (and so exporting) goes on
        }

        // The platform's own work for the organization (jobs, giving, invitations) is not a member's change.
        await using (var scope = db.Scope())
        using (scope.ServiceProvider.GetRequiredService<ITenantContext>().ForOrganization(org))
        {
            (await scope.ServiceProvider.GetRequiredService<LocationService>().CreateAsync(new LocationInput("Warehouse", null, "UTC"))).Succeeded.ShouldBeTrue();
        }

        await using (var owner = db.As(org, MembershipRole.Owner))
        {
            (await owner.Get<TrialService>().ChoosePlanAsync(Plans.Starter)).Succeeded.ShouldBeTrue();
            (await owner.Get<LocationService>().CreateAsync(new LocationInput("Riverside", null, "UTC"))).Succeeded.ShouldBeTrue();
        }
        (await StateAsync(db, org)).ConvertedAt.ShouldBe(clock.GetUtcNow());
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task TheLeadScoreRanksAnActiveTrialFirstAndSaysWhy(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var busy = await OrganizationAsync(db);
        var quiet = await OrganizationAsync(db, "quiet");
        await using (var owner = db.As(busy, MembershipRole.Owner))
        {
            var location = (await owner.Get<LocationService>().CreateAsync(new LocationInput("Riverside", null, "UTC"))).Value!.Id;
            (await owner.Get<LocationService>().CreateAsync(new LocationInput("Downtown", null, "UTC"))).Succeeded.ShouldBeTrue();
            (await owner.Get<TeamService>().InviteAsync(new InviteInput("coach@trial.test", MembershipRole.Staff, [location]))).Succeeded.ShouldBeTrue();
            for (var i = 0; i < 3; i++)
            {
                await owner.Get<Platform.Core.Audit.IAuditLog>().RecordAsync(Platform.Core.Audit.AuditActions.SignInSucceeded, null, "owner@trial.test",
                    organizationId: busy);
            }
        }

        await using var scope = db.Scope();
        var leads = await scope.ServiceProvider.GetRequiredService<TrialService>().LeadsAsync();

        leads.Select(l => l.OrganizationId).ShouldBe([busy, quiet]);
        leads[0].Score.ShouldBeGreaterThan(leads[1].Score);
        leads[0].Reasons.ShouldContain("3 sign-ins (+6)");
        leads[0].Reasons.ShouldContain("1 teammate invited or joined (+5)");
        leads[0].Reasons.ShouldContain("features used: Invitation, Location (+10)");
        leads[1].Reasons.ShouldContain("no features used yet (+0)");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AnExpiredTrialStaysListedUnderExpiredAndAConvertedOneUnderConverted(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = db.Services.GetRequiredService<FakeTimeProvider>();
        var ended = await OrganizationAsync(db, "ended");
        clock.SetUtcNow(clock.GetUtcNow().AddDays(31));
        (await RunAsync(db)).Expired.ShouldBe(1);
        var running = await OrganizationAsync(db, "running");
        var paying = await OrganizationAsync(db, "paying");
        await using (var owner = db.As(paying, MembershipRole.Owner))
        {
            (await owner.Get<TrialService>().ChoosePlanAsync(Plans.Growth)).Succeeded.ShouldBeTrue();
        }

        await using var scope = db.Scope();
        var trials = scope.ServiceProvider.GetRequiredService<TrialService>();
        (await trials.LeadsAsync()).Select(l => l.OrganizationId).ShouldBe([running]);
        var expired = (await trials.LeadsAsync(TrialState.Expired)).ShouldHaveSingleItem();
        (expired.OrganizationId, expired.State, expired.EndsAt).ShouldBe((ended, TrialState.Expired, clock.GetUtcNow().AddDays(-1)));
        var converted = (await trials.LeadsAsync(TrialState.Converted)).ShouldHaveSingleItem();
        (converted.OrganizationId, converted.ConvertedAt).ShouldBe((paying, clock.GetUtcNow()));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ARunAsOfAnEarlierDateSendsWhatWasDueThenAndExpiresNothingNotYetEndedThen(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = db.Services.GetRequiredService<FakeTimeProvider>();
        var start = clock.GetUtcNow();
        var org = await OrganizationAsync(db);
        clock.SetUtcNow(start.AddDays(31));

        await using (var scope = db.Scope())
        {
            var asOf = await scope.ServiceProvider.GetRequiredService<TrialService>().RunAsync(JobProgress.None, asOf: start.AddDays(23.5));
            (asOf.Reminded, asOf.Expired).ShouldBe((1, 0));
        }
        db.Mail.Sent.Select(m => m.Model).OfType<TrialReminderEmail>().Single().DaysLeft.ShouldBe(7);
        (await StateAsync(db, org)).Status.ShouldBe(OrganizationStatus.Trial);
        (await RunAsync(db)).Expired.ShouldBe(1);
    }

    private static async Task<Guid> OrganizationAsync(TestDatabase db, string name = "trial")
    {
        var owner = await db.CreateUserAsync($"owner@{name}.test", "Tara Trial");
        await using var scope = db.Scope();
        return (await scope.ServiceProvider.GetRequiredService<OrganizationService>()
            .CreateAsync($"{name} gym", $"{name}-gym", OrganizationKind.Gym, owner.Id)).Value!.Id;
    }

    private static async Task<TrialRunResult> RunAsync(TestDatabase db)
    {
        await using var scope = db.Scope();
        return await scope.ServiceProvider.GetRequiredService<TrialService>().RunAsync(JobProgress.None);
    }

    private static Task<Organization> StateAsync(TestDatabase db, Guid id) =>
        db.Services.ReadAllAsync(d => d.Organizations.AsNoTracking().SingleAsync(o => o.Id == id));
}
