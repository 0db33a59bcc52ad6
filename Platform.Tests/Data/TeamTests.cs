using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Messaging;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Data.Tenancy;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

public sealed class TeamTests
{
    private static async Task<(TestDatabase Db, Guid Org, Guid Location)> ArrangeAsync(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var owner = await db.CreateUserAsync("owner@team.test", "Olive Owner");
        await using var scope = db.Scope();
        var org = (await scope.ServiceProvider.GetRequiredService<OrganizationService>()
            .CreateAsync("Team Gym", "team-gym", OrganizationKind.Gym, owner.Id)).Value!;
        using var _ = scope.ServiceProvider.GetRequiredService<ITenantContext>().ForOrganization(org.Id);
        var location = (await scope.ServiceProvider.GetRequiredService<LocationService>().CreateAsync(new LocationInput("Riverside", null, "UTC"))).Value!;
        return (db, org.Id, location.Id);
    }

    /// <summary>An owner invites someone; returns the token from the link in the email that was sent.</summary>
    private static async Task<string> InviteAsOwnerAsync(TestDatabase db, Guid org, InviteInput input)
    {
        await using (var owner = db.As(org, MembershipRole.Owner))
        {
            (await owner.Get<TeamService>().InviteAsync(input)).Succeeded.ShouldBeTrue();
        }
        return ((InvitationEmail)db.Mail.Sent.Last().Model).AcceptUrl.Split("token=")[1];
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task InvitedStaffAcceptsAndBecomesAMemberOfOneLocation(DatabaseProvider provider)
    {
        var (db, org, location) = await ArrangeAsync(provider);
        await using var _ = db;
        var invitee = await db.CreateUserAsync("new.staff@team.test");
        var token = await InviteAsOwnerAsync(db, org, new InviteInput("New.Staff@team.test", MembershipRole.Staff, [location]));
        db.Mail.Sent.Single().To.ShouldBe("new.staff@team.test");
        await using var scope = db.Scope();
        var team = scope.ServiceProvider.GetRequiredService<TeamService>();

        var accepted = await team.AcceptAsync(token, invitee.Id, invitee.Email!);

        accepted.Value.ShouldBe(org);
        var mine = await scope.ServiceProvider.GetRequiredService<MembershipDirectory>().ForUserAsync(invitee.Id);
        mine.Single().LocationIds.ShouldBe([location]);
        mine.Single().Role.ShouldBe(MembershipRole.Staff);
        (await team.AcceptAsync(token, invitee.Id, invitee.Email!)).Succeeded.ShouldBeFalse();
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task InvitationForAnotherEmailCannotBeAccepted(DatabaseProvider provider)
    {
        var (db, org, _) = await ArrangeAsync(provider);
        await using var __ = db;
        var stranger = await db.CreateUserAsync("stranger@team.test");
        var token = await InviteAsOwnerAsync(db, org, new InviteInput("someone@team.test", MembershipRole.Manager, []));
        await using var scope = db.Scope();

        var result = await scope.ServiceProvider.GetRequiredService<TeamService>().AcceptAsync(token, stranger.Id, stranger.Email!);

        result.Succeeded.ShouldBeFalse();
        result.Status.Summary.ShouldContain("someone@team.test");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ExpiredInvitationCannotBeAccepted(DatabaseProvider provider)
    {
        var (db, org, _) = await ArrangeAsync(provider);
        await using var __ = db;
        var invitee = await db.CreateUserAsync("late@team.test");
        var token = await InviteAsOwnerAsync(db, org, new InviteInput("late@team.test", MembershipRole.Staff, []));
        db.Services.GetRequiredService<FakeTimeProvider>().Advance(TimeSpan.FromDays(8));
        await using var scope = db.Scope();

        var result = await scope.ServiceProvider.GetRequiredService<TeamService>().AcceptAsync(token, invitee.Id, invitee.Email!);

        result.Status.Summary.ShouldContain("expired");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ManagerCannotGrantOwnerAndLastOwnerCannotBeRemoved(DatabaseProvider provider)
    {
        var (db, org, _) = await ArrangeAsync(provider);
        await using var __ = db;
        await using var scope = db.Scope();
        var tenant = (TenantContext)scope.ServiceProvider.GetRequiredService<ITenantContext>();
        var team = scope.ServiceProvider.GetRequiredService<TeamService>();
        using (tenant.Act(new TenantMember(org, MembershipRole.Manager, null)))
        {
            (await team.InviteAsync(new InviteInput("boss@team.test", MembershipRole.Owner, []))).Succeeded.ShouldBeFalse();
        }
        using (tenant.Act(new TenantMember(org, MembershipRole.Owner, null)))
        {
            var owner = (await team.MembersAsync()).Single();
            (await team.RemoveAsync(owner.MembershipId)).Succeeded.ShouldBeFalse();
        }
    }
}
