using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Giving;
using Platform.Core.Tenancy;
using Platform.Data.Backups;
using Platform.Data.Identity;
using Platform.Tests.Support;
using Platform.Web.Messaging;

namespace Platform.Tests.E2E.PageWalk;

/// <summary>
/// What each empty state in the app stands for: how many rows the database holds for that list as the viewer sees it.
/// An empty state is right only when that count is zero; one not named here fails the walk until it is added, and a
/// "not found" state never belongs on a page the walk opens with ids the seed created.
/// </summary>
public static class DemoLists
{
    private static readonly (string Text, Func<IServiceProvider, Viewer, Task<int>> Rows)[] Lists =
    [
        ("No organizations match", (s, _) => s.ReadAllAsync(db => db.Organizations.CountAsync())),
        ("No organizations on trial", (s, _) => s.ReadAllAsync(db => db.Organizations.CountAsync(o => o.Status == OrganizationStatus.Trial))),
        ("No users match", async (s, _) => { await using var scope = s.CreateAsyncScope(); return await scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>().Users.CountAsync(); }),
        ("No audit entries match", (s, _) => s.ReadAllAsync(db => db.AuditEntries.CountAsync())),
        ("No runs match", (s, v) => s.ReadAllAsync(db => db.JobRuns.CountAsync(r => v.OrganizationId == null || r.OrganizationId == v.OrganizationId))),
        ("No payouts on the platform yet", (s, _) => s.ReadAllAsync(db => db.Payouts.CountAsync())),
        ("No payouts for your organization yet", (s, v) => s.ReadAllAsync(db => db.Payouts.CountAsync(p => p.OrganizationId == v.OrganizationId))),
        ("No payouts for your studios yet", (s, v) => s.ReadAllAsync(db => db.Payouts.CountAsync(p =>
            db.Memberships.Any(m => m.UserId == v.UserId && m.Role == MembershipRole.Owner && m.OrganizationId == p.OrganizationId)))),
        ("No platform report sent", (s, _) => s.ReadAllAsync(db => db.PlatformReports.CountAsync())),
        ("No report sent", (s, v) => s.ReadAllAsync(db => db.MonthlyReports.CountAsync(r => r.OrganizationId == v.OrganizationId))),
        ("No backups yet", (s, _) => Task.FromResult(Scoped<BackupService>(s).List().Count)),
        ("No messages", (s, _) => Task.FromResult(Scoped<Outbox>(s).List().Count)),
        ("No members.", (s, v) => s.ReadAllAsync(db => db.Memberships.CountAsync(m => m.OrganizationId == OrganizationOf(v)))),
        ("No locations.", (s, v) => s.ReadAllAsync(db => db.Locations.CountAsync(l => l.OrganizationId == OrganizationOf(v)))),
        ("No locations yet", (s, v) => s.ReadAllAsync(db => db.Locations.CountAsync(l => l.OrganizationId == v.OrganizationId))),
        ("No memberships", (s, v) => s.ReadAllAsync(db => db.Memberships.CountAsync(m => m.UserId == Guid.Parse(v.RouteValues["Id"])))),
        ("No pending invitations", (s, v) => s.ReadAllAsync(db => db.Invitations.CountAsync(i => i.OrganizationId == v.OrganizationId && i.Status == InvitationStatus.Pending))),
        ("No programs yet", (s, v) => s.ReadAllAsync(async db =>
        {
            var organization = v.RouteValues.TryGetValue("Slug", out var slug)
                ? await db.Organizations.Where(o => o.Slug == slug).Select(o => (Guid?)o.Id).SingleAsync()
                : v.OrganizationId;
            return await db.Programs.CountAsync(p => p.OrganizationId == organization);
        })),
        ("No families yet", (s, v) => s.ReadAllAsync(db => db.Families.CountAsync(f => f.OrganizationId == v.OrganizationId))),
        ("No active journeys", (s, v) => s.ReadAllAsync(db => db.Donations.CountAsync(d => d.OrganizationId == v.OrganizationId
            && (d.Status == DonationStatus.Succeeded || d.Status == DonationStatus.PartiallyRefunded) && d.Stage != JourneyStage.Confirmed))),
        ("No donations yet", (s, v) => s.ReadAllAsync(db => db.Donations.CountAsync(d => d.OrganizationId == v.OrganizationId && d.Status != DonationStatus.Pending))),
        ("No gifts", (s, v) => s.ReadAllAsync(db => db.Donations.CountAsync(d => (d.DonorUserId == v.UserId || d.DonorEmail == v.Email) && d.Status != DonationStatus.Pending))),
        ("No statements yet", (s, v) => s.ReadAllAsync(db => db.TaxStatements.CountAsync(t => t.DonorUserId == v.UserId || t.DonorEmail == v.Email))),
        ("No monthly gifts", (s, v) => s.ReadAllAsync(db => db.RecurringGifts.CountAsync(r => r.DonorUserId == v.UserId || r.DonorEmail == v.Email))),
        ("No charities yet", (s, _) => s.ReadAllAsync(db => db.Programs.CountAsync(p => p.IsOpen))),
        // Signals arrive in a later release: the dashboard says so to everyone, and there is nothing to count.
        ("No signals yet", (_, _) => Task.FromResult(0)),
        // A gift of another organization is not found by design: it is an error only for the charity's own members.
        ("Gift not found", (s, v) => s.ReadAllAsync(db => db.Donations.CountAsync(d => d.OrganizationId == v.OrganizationId
            && v.RouteValues.ContainsKey("Id") && d.Id == Guid.Parse(v.RouteValues["Id"])))),
        // Every link the walk opens is real (signed by the app, ids from the seed): none of these may show.
        ("No scheduler nodes", Always),
        ("not found", Always),
        ("This link has expired or is not valid", Always),
        ("This program is not accepting gifts", Always),
    ];

    /// <summary>Why an empty state the page shows is wrong, or null when the list is truly empty.</summary>
    public static async Task<string?> ProblemAsync(IServiceProvider services, Viewer viewer, string text)
    {
        var list = Lists.FirstOrDefault(l => text.Contains(l.Text, StringComparison.OrdinalIgnoreCase));
        if (list.Rows is null)
        {
            return $"shows an empty state the walk does not know (\"{text}\"): add what it lists to {nameof(DemoLists)}";
        }
        var rows = await list.Rows(services, viewer);
        return rows == 0 ? null : $"shows \"{text}\" while the data holds {rows} row(s) for it";
    }

    private static T Scoped<T>(IServiceProvider services) where T : notnull =>
        services.CreateScope().ServiceProvider.GetRequiredService<T>();

    private static Task<int> Always(IServiceProvider services, Viewer viewer) => Task.FromResult(1);

    /// <summary>An organization's own page (by id) lists that organization; a portal page, the viewer's.</summary>
    private static Guid? OrganizationOf(Viewer viewer) =>
        viewer.RouteValues.TryGetValue("Id", out var id) && Guid.TryParse(id, out var org) ? org : viewer.OrganizationId;
}
