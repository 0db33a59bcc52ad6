using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.E2E;

[Collection(BrowserCollection.Name)]
public sealed class BackupsFlowTests(LiveApp app)
{
    [Fact]
    public async Task StaffBackingUpNowWatchTheRunAndSeeTheVerifiedBackupListedWithoutAReload()
    {
        var staff = await app.NewPageAsync();
        await staff.SignInAsync("admin@platform.test", returnUrl: "/admin/backups");
        await staff.WaitForCircuitAsync();
        await staff.ExpectHeadingAsync("Backups");
        var rows = staff.GetByRole(AriaRole.Row).Filter(new() { HasText = "Download" });
        var before = await rows.CountAsync();

        await staff.GetByRole(AriaRole.Button, new() { Name = "Back up now" }).ClickAsync();

        await Expect(staff.Locator(".run-watch[data-run-status='Succeeded']")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(rows).ToHaveCountAsync(before + 1);
        await Expect(staff.Locator(".new-backup")).ToContainTextAsync("Succeeded");
        await staff.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "e2e-backup-now.png"), FullPage = true });
    }
}
