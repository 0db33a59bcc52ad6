using Microsoft.Extensions.Time.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Audit;
using Platform.Core.Data;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

public sealed class OnboardingTests
{
    private static NewOrganization Gym(string slug = "iron-works", string zone = "Europe/Berlin") =>
        new(OrganizationKind.Gym, "Iron Works", slug, zone, "Mitte", "Torstraße 1", null);

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task StartingAnOrganizationMakesThePersonOwnerWithAFirstLocationOnATrial(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var person = await db.CreateUserAsync("founder@onboard.test");
        await using var scope = db.Scope();
        scope.ServiceProvider.GetRequiredService<TestActor>().Actor = new AuditActor(person.Id, person.Email, null, "corr-onboard");

        var created = await scope.ServiceProvider.GetRequiredService<OnboardingService>().CreateAsync(Gym(), person.Id);

        created.Succeeded.ShouldBeTrue(created.Status.Summary);
        var org = created.Value!;
        var now = db.Services.GetRequiredService<FakeTimeProvider>().GetUtcNow();
        await using var member = db.As(org.Id, MembershipRole.Owner);
        await using var read = await member.Get<IPlatformDbFactory>().CreateAsync();
        var saved = await read.Organizations.SingleAsync();
        saved.Status.ShouldBe(OrganizationStatus.Trial);
        saved.TrialEndsAt.ShouldBe(now.AddDays(Organization.TrialDays));
        saved.TimeZone.ShouldBe("Europe/Berlin");
        var owner = await read.Memberships.SingleAsync();
        (owner.UserId, owner.Role).ShouldBe((person.Id, MembershipRole.Owner));
        var location = await read.Locations.SingleAsync();
        (location.Name, location.Address, location.TimeZone).ShouldBe(("Mitte", "Torstraße 1", "Europe/Berlin"));
        var audited = await read.AuditEntries.Where(a => a.UserId == person.Id && a.Action == AuditActions.Created)
            .Select(a => a.EntityId).ToListAsync();
        audited.ShouldContain(org.Id.ToString());
        audited.ShouldContain(location.Id.ToString());
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ATakenAddressIsRefusedUnderTheSlugField(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var first = await db.CreateUserAsync("first@onboard.test");
        var second = await db.CreateUserAsync("second@onboard.test");
        await using var scope = db.Scope();
        var onboarding = scope.ServiceProvider.GetRequiredService<OnboardingService>();
        (await onboarding.CreateAsync(Gym(), first.Id)).Succeeded.ShouldBeTrue();

        var again = await onboarding.CreateAsync(Gym(), second.Id);

        again.Succeeded.ShouldBeFalse();
        again.Status.Errors.Keys.ShouldBe([nameof(NewOrganization.Slug)]);
        again.Status.Errors[nameof(NewOrganization.Slug)].Single().ShouldContain("already taken");
        (await onboarding.IsSlugFreeAsync("iron-works")).ShouldBeFalse();
        (await onboarding.IsSlugFreeAsync("iron-works-2")).ShouldBeTrue();
        (await scope.ServiceProvider.GetRequiredService<MembershipDirectory>().ForUserAsync(second.Id)).ShouldBeEmpty();
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AnUnknownTimeZoneIsRefusedAndNothingIsCreated(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var person = await db.CreateUserAsync("zone@onboard.test");
        await using var scope = db.Scope();

        var result = await scope.ServiceProvider.GetRequiredService<OnboardingService>()
            .CreateAsync(Gym(zone: "Mars/Olympus_Mons") with { LocationName = " " }, person.Id);

        result.Succeeded.ShouldBeFalse();
        result.Status.Errors[nameof(NewOrganization.TimeZone)].Single().ShouldContain("not a known time zone");
        result.Status.Errors[nameof(NewOrganization.LocationName)].Single().ShouldBe("Location name is required.");
        (await scope.ServiceProvider.GetRequiredService<OnboardingService>().IsSlugFreeAsync("iron-works")).ShouldBeTrue();
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ANewOrganizationsRowsAreInvisibleToOtherOrganizations(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var neighbour = await db.CreateUserAsync("neighbour@onboard.test");
        var founder = await db.CreateUserAsync("founder@onboard.test");
        Guid other, created;
        await using (var scope = db.Scope())
        {
            var onboarding = scope.ServiceProvider.GetRequiredService<OnboardingService>();
            other = (await onboarding.CreateAsync(Gym("neighbour-gym"), neighbour.Id)).Value!.Id;
            created = (await onboarding.CreateAsync(Gym() with { Kind = OrganizationKind.Charity, LocationName = "Head office" }, founder.Id)).Value!.Id;
        }

        await using var member = db.As(other, MembershipRole.Owner);
        await using var read = await member.Get<IPlatformDbFactory>().CreateAsync();

        (await read.Organizations.Select(o => o.Id).ToListAsync()).ShouldBe([other]);
        (await read.Locations.AnyAsync(l => l.OrganizationId == created)).ShouldBeFalse();
        (await read.Memberships.AnyAsync(m => m.UserId == founder.Id)).ShouldBeFalse();
        (await member.Get<LocationService>().ListAsync()).Select(l => l.Name).ShouldBe(["Mitte"]);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task StaffStartAnOrganizationForAnExistingAccountOnly(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var owner = await db.CreateUserAsync("client@onboard.test");
        await using var scope = db.Scope();
        var onboarding = scope.ServiceProvider.GetRequiredService<OnboardingService>();

        var unknown = await onboarding.CreateForAsync(Gym(), "nobody@onboard.test");
        var created = await onboarding.CreateForAsync(Gym(), " Client@Onboard.test ");

        unknown.Status.Errors[OnboardingService.OwnerEmailField].Single().ShouldContain("No account uses nobody@onboard.test");
        created.Succeeded.ShouldBeTrue(created.Status.Summary);
        var mine = await scope.ServiceProvider.GetRequiredService<MembershipDirectory>().ForUserAsync(owner.Id);
        var membership = mine.Single();
        (membership.OrganizationId, membership.Role, membership.Status).ShouldBe((created.Value!.Id, MembershipRole.Owner, OrganizationStatus.Trial));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task FirstStepsAreTickedFromWhatTheOrganizationHasDone(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var founder = await db.CreateUserAsync("steps@onboard.test");
        Guid org;
        await using (var scope = db.Scope())
        {
            org = (await scope.ServiceProvider.GetRequiredService<OnboardingService>()
                .CreateAsync(Gym() with { Kind = OrganizationKind.Charity }, founder.Id)).Value!.Id;
        }
        await using var owner = db.As(org, MembershipRole.Owner);
        var onboarding = owner.Get<OnboardingService>();

        var fresh = (await onboarding.FirstStepsAsync())!;
        (await owner.Get<TeamService>().InviteAsync(new InviteInput("mate@onboard.test", MembershipRole.Staff, []))).Succeeded.ShouldBeTrue();
        var invited = (await onboarding.FirstStepsAsync())!;

        fresh.ShouldBe(new FirstStepsProgress(org, AddLocation: true, InviteTeammate: false, SetBranding: false, AddProgram: false, ChoosePlan: false));
        fresh.AllDone.ShouldBeFalse();
        invited.InviteTeammate.ShouldBeTrue();
        db.Services.GetRequiredService<FakeTimeProvider>().Advance(TimeSpan.FromDays(OnboardingService.FirstStepsDays + 1));
        (await onboarding.FirstStepsAsync()).ShouldBeNull();
    }

    [Theory]
    [InlineData("Iron Works", "iron-works")]
    [InlineData("  Café Zürich & Co. ", "cafe-zurich-co")]
    [InlineData("---", "")]
    public void AnAddressIsSuggestedFromTheName(string name, string slug) => OnboardingService.SuggestSlug(name).ShouldBe(slug);
}
