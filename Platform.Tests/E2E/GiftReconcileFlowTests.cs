using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Core.Audit;
using Platform.Core.Common;
using Platform.Core.Data;
using Platform.Core.Giving;
using Platform.Core.Tenancy;
using Platform.Tests.Support;
using Platform.Web.Jobs;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.E2E;

[Collection(BrowserCollection.Name)]
public sealed class GiftReconcileFlowTests(LiveApp app)
{
    private const string Donor = "donor@example.test";

    [Fact]
    public async Task ADonorSeesAGiftLeftPendingAsConfirmingStaffSeeItStuckAndTheReconcileSettlesIt()
    {
        // Paused, so the gift stays stuck while it is looked at.
        (await JobsAsync(j => j.PauseAsync(JobCatalog.GiftReconcile, "the test looks at a stuck gift"))).Succeeded.ShouldBeTrue();
        try
        {
            var key = await LeftPendingAsync(42.17m, TimeSpan.FromMinutes(10));

            var donor = await app.NewPageAsync();
            // The history, filtered: other tests' gifts, made since, may have pushed it off the dashboard's five.
            await donor.SignInAsync(Donor, returnUrl: "/donor/donations?status=Pending");
            var mine = donor.Locator("tr", new() { HasText = "$42.17" });
            await Expect(mine).ToContainTextAsync("Confirming");
            await donor.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "e2e-donor-confirming.png"), FullPage = true });

            var staff = await app.NewPageAsync();
            await staff.SignInAsync("owner@openhands.test", returnUrl: "/merchant/donations");
            await staff.WaitForCircuitAsync();
            await Expect(staff.GetByText("1 gift has waited for the gateway's confirmation since")).ToBeVisibleAsync();
            await staff.GetByLabel("Status").ClickAsync();
            await staff.GetByRole(AriaRole.Option, new() { Name = "Confirming" }).ClickAsync();
            await Expect(staff.Locator("tr", new() { HasText = "$42.17" })).ToContainTextAsync("Confirming");
            await staff.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "e2e-staff-stuck.png"), FullPage = true });

            // Staff may not pay a week that has not ended.
            var admin = await app.NewPageAsync();
            await admin.SignInAsync("admin@platform.test", returnUrl: "/admin/jobs");
            await admin.WaitForCircuitAsync();
            await admin.Locator("tr[data-job='payouts']").GetByRole(AriaRole.Button, new() { Name = "Trigger now" }).ClickAsync();
            await admin.GetByLabel("As of (yyyy-MM-dd)").FillAsync(DateTime.UtcNow.AddDays(8).ToString("yyyy-MM-dd"));
            await admin.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();
            await Expect(admin.GetByText("has not ended yet")).ToBeVisibleAsync();
            await admin.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "e2e-payout-refused.png"), FullPage = true });

            // The reconcile finds the gateway never charged it: it is abandoned, and no longer listed as a gift.
            (await JobsAsync(j => j.ResumeAsync(JobCatalog.GiftReconcile))).Succeeded.ShouldBeTrue();
            (await JobsAsync(j => j.TriggerAsync(JobCatalog.GiftReconcile))).Succeeded.ShouldBeTrue();
            await SettledAsync(key, TimeSpan.FromSeconds(30));
            await staff.ReloadAsync();
            await staff.WaitForCircuitAsync();
            await staff.GetByLabel("Status").ClickAsync();
            await staff.GetByRole(AriaRole.Option, new() { Name = "Confirming" }).ClickAsync();
            await Expect(staff.GetByText("No donations match")).ToBeVisibleAsync();
            await Expect(staff.Locator("tr", new() { HasText = "$42.17" })).ToHaveCountAsync(0);
            await Expect(staff.GetByText("waited for the gateway's confirmation")).ToHaveCountAsync(0);
        }
        finally
        {
            await JobsAsync(j => j.ResumeAsync(JobCatalog.GiftReconcile));
        }
    }

    private async Task<Result> JobsAsync(Func<JobDashboard, Task<Result>> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await action(scope.As(Platform.Core.Access.PlatformRoles.PlatformAdmin).GetRequiredService<JobDashboard>());
    }

    /// <summary>A gift recorded pending <paramref name="ago"/> whose card was never charged, as a process stopped then leaves it.</summary>
    private async Task<string> LeftPendingAsync(decimal amount, TimeSpan ago)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Platform.Data.Identity.PlatformUser>>();
        var donor = (await users.FindByEmailAsync(Donor))!;
        CharityProgram program;
        using (scope.ServiceProvider.GetRequiredService<ITenantContext>().AcrossTenants("test arrangement"))
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
            program = await db.Programs.AsNoTracking()
                .Where(p => db.Organizations.Any(o => o.Id == p.OrganizationId && o.Slug == "open-hands") && p.IsOpen).FirstAsync();
        }
        var giving = scope.ServiceProvider.GetRequiredService<GivingService>();
        var gift = new Money(amount, program.Currency);
        var donation = new Donation(program, new GiftDetails(Donor, donor.DisplayName, "1 Main Street", false, false, null, donor.Id), gift,
            giving.FeeFor(gift), $"e2e-stuck-{Guid.NewGuid():N}", DateTimeOffset.UtcNow - ago);
        (await scope.ServiceProvider.GetRequiredService<GiftWriter>()
            .RecordPendingAsync(new PendingGift(donation, null, new AuditActor(donor.Id, Donor, null, null)))).ShouldBeTrue();
        return donation.IdempotencyKey;
    }

    /// <summary>Waits for the job, which runs on the scheduler's own threads, to have settled the gift.</summary>
    private async Task SettledAsync(string key, TimeSpan within)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await app.Services.ReadAllAsync(db => db.Donations.Where(d => d.IdempotencyKey == key).Select(d => d.Status).SingleAsync())
               == DonationStatus.Pending)
        {
            waited.Elapsed.ShouldBeLessThan(within, "the reconcile settling the gift");
            await Task.Delay(200);
        }
        (await app.Services.ReadAllAsync(db => db.Donations.Where(d => d.IdempotencyKey == key).Select(d => d.Status).SingleAsync()))
            .ShouldBe(DonationStatus.Abandoned);
    }
}
