using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Core.Giving;
using Platform.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.E2E;

[Collection(BrowserCollection.Name)]
public sealed class JobsFlowTests(LiveApp app)
{
    private const string Donor = "donor@example.test";

    [Fact]
    public async Task StaffPauseOneJobRunTheYearEndStatementsAndTheDonorGetsAndDownloadsThePdf()
    {
        var staff = await app.NewPageAsync();
        await staff.SignInAsync("admin@platform.test", returnUrl: "/admin/jobs");
        await staff.WaitForCircuitAsync();
        await staff.ExpectHeadingAsync("Jobs");

        // Pause the ledger check, confirming first.
        var ledger = staff.Locator("tr[data-job='ledger-check']");
        await ledger.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await staff.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Expect(ledger).ToHaveAttributeAsync("data-paused", "true");
        await Expect(ledger.GetByRole(AriaRole.Button, new() { Name = "Resume" })).ToBeVisibleAsync();

        // Run the tax statements now for this year and one donor.
        var year = DateTime.UtcNow.Year.ToString(CultureInfo.InvariantCulture);
        await staff.Locator("tr[data-job='tax-statements']").GetByRole(AriaRole.Button, new() { Name = "Trigger now" }).ClickAsync();
        await staff.GetByLabel("Year").FillAsync(year);
        await staff.GetByLabel("Donor email").FillAsync(Donor);
        await staff.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();

        // The jobs page follows the run it started to its outcome; the runs page shows it finished too.
        await Expect(staff.Locator(".run-watch[data-run-status='Succeeded']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await staff.OpenPortalAsync("/admin/jobs/runs?job=tax-statements");
        await Expect(staff.Locator("[data-status='Succeeded']").First).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // The donor's mail holds the PDF; its text names them, each deductible gift and the total.
        var mail = await SmtpMailbox.WaitForAsync(Donor, $"Your {year} tax statement", TimeSpan.FromSeconds(30));
        var text = await PdfText.ReadAsync(mail.Attachment("tax-statement-"));
        var (name, gifts) = await DonorGiftsAsync(int.Parse(year, CultureInfo.InvariantCulture));
        text.ShouldContain(name);
        foreach (var gift in gifts)
        {
            text.ShouldContain(gift.ReceiptNumber!);
            text.ShouldContain((gift.Charged - gift.Refunded).Format());
        }
        text.ShouldContain(new Platform.Core.Common.Money(gifts.Sum(g => (g.Charged - g.Refunded).Amount), "USD").Format());

        // And the donor downloads the same statement from the portal.
        var donor = await app.NewPageAsync();
        await donor.SignInAsync(Donor, returnUrl: "/donor/statements");
        await donor.ExpectHeadingAsync("Tax statements");
        var link = donor.GetByRole(AriaRole.Link, new() { Name = "Download PDF" }).First;
        var pdf = await donor.Context.APIRequest.GetAsync((await link.GetAttributeAsync("href"))!);
        pdf.Status.ShouldBe(200);
        (await pdf.BodyAsync()).Take(4).ShouldBe("%PDF"u8.ToArray());

        // Resume, so the shared app is left as found.
        await staff.OpenPortalAsync("/admin/jobs");
        await Expect(ledger).ToHaveAttributeAsync("data-paused", "true");
        await ledger.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Expect(ledger).ToHaveAttributeAsync("data-paused", "false");
    }

    [Fact]
    public async Task SupportReadsTheJobsPageAndARunWithoutTheirButtonsWhileAnAdminSeesThem()
    {
        var run = await FailedRunAsync();
        foreach (var width in new[] { 1280, 390 })
        {
            var support = await app.NewPageAsync();
            await support.SetViewportSizeAsync(width, 900);
            await support.SignInAsync("support@platform.test", returnUrl: "/admin/jobs");
            await support.WaitForCircuitAsync();
            await support.ExpectHeadingAsync("Jobs");
            await Expect(support.Locator("tr[data-job='ledger-check']")).ToBeVisibleAsync();
            await Expect(support.GetByText("Only platform admins can")).ToBeVisibleAsync();
            foreach (var action in new[] { "Trigger now", "Pause", "Resume", "Edit schedule" })
            {
                await Expect(support.GetByRole(AriaRole.Button, new() { Name = action })).ToHaveCountAsync(0);
            }
            await Screenshot(support, $"jobs-support-{width}");
            await support.OpenPortalAsync($"/admin/jobs/runs/{run}");
            await Expect(support.GetByText("is in the future").First).ToBeVisibleAsync();
            await Expect(support.GetByText("Only platform admins can")).ToBeVisibleAsync();
            await Expect(support.GetByRole(AriaRole.Button, new() { Name = "Retry" })).ToHaveCountAsync(0);
            await Screenshot(support, $"run-support-{width}");

            var admin = await app.NewPageAsync();
            await admin.SetViewportSizeAsync(width, 900);
            await admin.SignInAsync("admin@platform.test", returnUrl: "/admin/jobs");
            await admin.WaitForCircuitAsync();
            var ledger = admin.Locator("tr[data-job='ledger-check']");
            await Expect(ledger.GetByRole(AriaRole.Button, new() { Name = "Trigger now" })).ToBeVisibleAsync();
            await Expect(ledger.GetByRole(AriaRole.Button, new() { Name = "Edit schedule" })).ToBeVisibleAsync();
            await Expect(admin.GetByText("Only platform admins can")).ToHaveCountAsync(0);
            await Screenshot(admin, $"jobs-admin-{width}");
            await admin.OpenPortalAsync($"/admin/jobs/runs/{run}");
            await Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Retry" })).ToBeVisibleAsync();
            await Screenshot(admin, $"run-admin-{width}");
            await support.Context.CloseAsync();
            await admin.Context.CloseAsync();
        }
    }

    private static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), $"e2e-{name}.png"), FullPage = true });

    /// <summary>A payouts run for a week not ended yet, enqueued past the dialog: the run refuses it once, and it shows as failed.</summary>
    private async Task<Guid> FailedRunAsync()
    {
        var asOf = DateTime.UtcNow.AddDays(8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var id = app.Services.GetRequiredService<Hangfire.IBackgroundJobClient>().Create(
            Platform.Web.Jobs.PlatformJob.Call(Platform.Web.Jobs.JobCatalog.Find(Platform.Web.Jobs.JobCatalog.Payouts)!,
                new Dictionary<string, string> { [Platform.Web.Jobs.PayoutsJob.AsOf] = asOf }), new Hangfire.States.EnqueuedState());
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var run = await app.Services.ReadAllAsync(db => db.JobRuns.AsNoTracking()
                .SingleOrDefaultAsync(r => r.Trigger == id && r.Status == Platform.Core.Jobs.RunStatus.Failed));
            if (run is not null)
            {
                return run.Id;
            }
            waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60), "the refused payouts run never ended");
            await Task.Delay(200);
        }
    }

    private async Task<(string Name, List<DonorGift> Gifts)> DonorGiftsAsync(int year)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Platform.Data.Identity.PlatformUser>>()
            .FindByEmailAsync(Donor);
        var gifts = await scope.ServiceProvider.GetRequiredService<GivingQueries>().AllDonorGiftsAsync(user!.Id, Donor);
        return (user.DisplayName, gifts.Where(g => g.IsTaxDeductible && g.CreatedAt.Year == year && g.ReceiptNumber is not null).ToList());
    }
}
