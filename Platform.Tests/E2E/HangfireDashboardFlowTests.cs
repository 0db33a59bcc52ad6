using Microsoft.Playwright;
using Platform.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.E2E;

[Collection(BrowserCollection.Name)]
public sealed class HangfireDashboardFlowTests(LiveApp app)
{
    [Fact]
    public async Task AnAdminGoesFromTheJobsPageToHangfiresDashboardAndSeesEveryRecurringJobWithItsTriggerButton()
    {
        var admin = await app.NewPageAsync();
        await admin.SignInAsync("admin@platform.test", returnUrl: "/admin/jobs");
        await admin.WaitForCircuitAsync();
        await admin.ExpectHeadingAsync("Jobs");
        await Expect(admin.GetByText("(this node)")).ToBeVisibleAsync();
        await admin.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "e2e-jobs-admin.png"), FullPage = true });

        await admin.GetByRole(AriaRole.Link, new() { Name = "Hangfire dashboard" }).ClickAsync();
        await Expect(admin).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/hangfire"));
        await admin.GetByRole(AriaRole.Link, new() { Name = "Recurring Jobs" }).ClickAsync();
        await Expect(admin).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/hangfire/recurring$"));
        await Expect(admin.GetByText("ledger-check").First).ToBeVisibleAsync();
        await Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Trigger now" })).ToBeVisibleAsync();
        await admin.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "e2e-hangfire-admin.png"), FullPage = true });
    }

    [Fact]
    public async Task SupportStaffReadHangfiresDashboardWithoutItsButtonsAndADonorIsTurnedAway()
    {
        var support = await app.NewPageAsync();
        await support.SignInAsync("support@platform.test", returnUrl: "/admin/jobs");
        await support.WaitForCircuitAsync();
        await support.ExpectHeadingAsync("Jobs");
        await support.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "e2e-jobs-support.png"), FullPage = true });
        await support.GotoAsync("/admin/hangfire/recurring");
        await Expect(support.GetByText("ledger-check").First).ToBeVisibleAsync();
        await Expect(support.GetByRole(AriaRole.Button, new() { Name = "Trigger now" })).ToHaveCountAsync(0);
        await support.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "e2e-hangfire-support.png"), FullPage = true });

        var donor = await app.NewPageAsync();
        await donor.SignInAsync("donor@example.test", returnUrl: "/donor");
        var refused = await donor.GotoAsync("/admin/hangfire");
        await Expect(donor).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/AccessDenied"));
        refused.ShouldNotBeNull();
    }
}
