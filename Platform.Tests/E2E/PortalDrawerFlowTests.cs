using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.E2E;

/// <summary>
/// The portal drawer laid out by CSS alone: beside the page on a wide screen, open until closed; over the page on a
/// phone, closed until opened, and closed again by following one of its links or tapping beside it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PortalDrawerFlowTests(LiveApp app)
{
    [Fact]
    public async Task OnAWideScreenTheMenuSitsBesideThePageAndTheButtonFoldsItAway()
    {
        var (page, drawer, toggle) = await DonorDashboardAsync(1280, 900);

        await Expect(toggle).ToHaveCountAsync(1); // the phone's toggle is not shown here
        await Expect(drawer).ToBeInViewportAsync();
        (await LeftOfAsync(page, "main")).ShouldBeGreaterThanOrEqualTo(200); // the page starts beside the menu
        await Screenshot(page, "drawer-wide-open");

        // Following a link leaves the menu where it is.
        await drawer.GetByRole(AriaRole.Link, new() { Name = "Gifts", Exact = true }).ClickAsync();
        await page.ExpectHeadingAsync("Your gifts");
        await Expect(drawer).ToBeInViewportAsync();
        await Expect(page.Locator(".portal-scrim")).ToHaveCountAsync(0);

        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(drawer).Not.ToBeInViewportAsync();
        await WaitForLeftAsync(page, "main", left => left < 50);
        await Screenshot(page, "drawer-wide-closed");

        await toggle.ClickAsync();
        await Expect(drawer).ToBeInViewportAsync();
        await WaitForLeftAsync(page, "main", left => left >= 200);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task OnAPhoneTheMenuOpensOverThePageAndClosesOnceALinkIsFollowed()
    {
        var (page, drawer, toggle) = await DonorDashboardAsync(390, 844);

        await Expect(toggle).ToHaveCountAsync(1);
        await Expect(drawer).Not.ToBeInViewportAsync();
        (await LeftOfAsync(page, "main")).ShouldBeLessThan(50); // the page has the whole width

        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(drawer).ToBeInViewportAsync();
        await Expect(page.Locator(".portal-scrim")).ToBeVisibleAsync();
        await WaitForLeftAsync(page, "aside", left => left >= 0);
        await Screenshot(page, "drawer-narrow-open");

        await drawer.GetByRole(AriaRole.Link, new() { Name = "Gifts", Exact = true }).ClickAsync();
        await page.ExpectHeadingAsync("Your gifts");
        await Expect(drawer).Not.ToBeInViewportAsync();
        await Expect(page.Locator(".portal-scrim")).ToHaveCountAsync(0);

        // Tapping beside the open menu closes it too.
        await toggle.ClickAsync();
        await Expect(drawer).ToBeInViewportAsync();
        await page.Mouse.ClickAsync(370, 500);
        await Expect(drawer).Not.ToBeInViewportAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>The donor's dashboard at a width, with its drawer and the menu button shown at that width.</summary>
    private async Task<(IPage Page, ILocator Drawer, ILocator Toggle)> DonorDashboardAsync(int width, int height)
    {
        var page = await app.NewPageAsync();
        await page.SetViewportSizeAsync(width, height);
        await page.SignInAsync("donor@example.test", returnUrl: "/donor");
        await page.WaitForCircuitAsync();
        return (page, page.GetByRole(AriaRole.Complementary, new() { Name = "Donor navigation" }),
            page.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" }));
    }

    private static async Task<double> LeftOfAsync(IPage page, string selector) =>
        (await page.Locator(selector).BoundingBoxAsync())!.X;

    /// <summary>Waits out the drawer's slide (225 ms) for an element's left edge to get where it should.</summary>
    private static async Task WaitForLeftAsync(IPage page, string selector, Func<double, bool> where)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        double left;
        while (!where(left = await LeftOfAsync(page, selector)))
        {
            waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), $"{selector}'s left edge is at {left}");
            await Task.Delay(50);
        }
    }

    private static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), $"e2e-{name}.png") });
}
