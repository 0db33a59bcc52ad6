using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.E2E.Nodes;

/// <summary>
/// Two real nodes on one MariaDB database, Redis between them, nginx in front. Scenarios about jobs across nodes (each
/// recurring occurrence run once, a node killed mid payout run) belong here too, on the same fixture.
/// </summary>
public sealed class TwoNodesTests(TwoNodes deployment) : IClassFixture<TwoNodes>
{
    private static readonly string Screens = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "platform-nodes-screens")).FullName;

    [Fact]
    public async Task APersonSignedInThroughNginxKeepsWorkingWhenTheNextRequestLandsOnTheOtherNode()
    {
        var page = await deployment.NewPageAsync();
        var form = await page.GotoAsync("/Account/Login?returnUrl=%2Fdonor");
        var first = deployment.NodeOn(Nginx.NodePortOf(form!.Headers));
        var other = deployment.Other(first);
        form.Headers["server"].ShouldBe("nginx", "nginx names no version");
        // Sticky: the cookie nginx gave this browser keeps it on one node.
        for (var i = 0; i < 4; i++)
        {
            var again = await page.Context.APIRequest.GetAsync("/Account/Login");
            Nginx.NodePortOf(again.Headers).ShouldBe(first.Port);
        }

        // The form came from one node; from here on nginx knows only the other, which checks the form's antiforgery
        // token, issues the sign-in cookie and serves the portal with the key ring both read from the database.
        try
        {
            await deployment.Proxy.PointAtAsync(other);
            await page.GetByLabel("Email").FillAsync("donor@example.test");
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Browser.DemoPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
            await page.WaitForURLAsync(new Regex("/donor$"));
            await page.WaitForCircuitAsync();
            await page.ExpectHeadingAsync("Your giving");
            var portal = await page.ReloadAsync();
            Nginx.NodePortOf(portal!.Headers).ShouldBe(other.Port);
            await page.WaitForCircuitAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(Screens, "signed-in-through-nginx.png") });
        }
        finally
        {
            await deployment.Proxy.PointAtAsync([.. deployment.Nodes]);
        }

        // The same cookie on the node that never saw the sign-in: still signed in, the portal's circuit live there.
        await page.GotoAsync($"{first.Url}/donor/donations");
        await page.WaitForCircuitAsync();
        await page.ExpectHeadingAsync("Your gifts");
        await Expect(page.GetByText(new Regex(@"^R-\d{4}-\d{6}$")).First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screens, "same-cookie-other-node.png") });
    }

    [Fact]
    public async Task AJourneyStepStaffSaveOnOneNodeShowsLiveOnTheDonorsPageOpenOnTheOther()
    {
        var donor = await deployment.NewPageAsync();
        await donor.SignInAsync("donor@example.test", returnUrl: "/donor/donations");
        await donor.GotoAsync($"{deployment.B.Url}/donor/donations");
        await donor.WaitForCircuitAsync();
        await donor.GetByRole(AriaRole.Link, new() { Name = "Allocated" }).First.ClickAsync();
        await donor.WaitForURLAsync(new Regex("/donor/donations/[0-9a-f-]+$"));
        await donor.WaitForCircuitAsync();
        var receipt = Regex.Match(await donor.GetByText(new Regex(@"receipt R-\d{4}-\d{6}")).InnerTextAsync(), @"R-\d{4}-\d{6}").Value;
        await Expect(donor.Locator("[aria-current=step]")).ToHaveTextAsync("Allocated");
        donor.Url.ShouldStartWith(deployment.B.Url);

        var staff = await deployment.NewPageAsync();
        await staff.GotoAsync($"{deployment.A.Url}/Account/Login?returnUrl=%2Fmerchant%2Fjourneys");
        await staff.GetByLabel("Email").FillAsync("owner@openhands.test");
        await staff.GetByLabel("Password", new() { Exact = true }).FillAsync(Browser.DemoPassword);
        await staff.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await staff.WaitForURLAsync(new Regex("/merchant/journeys$"));
        await staff.WaitForCircuitAsync();
        staff.Url.ShouldStartWith(deployment.A.Url);
        await staff.GetByRole(AriaRole.Button, new() { Name = $"Move {receipt}" }).ClickAsync();
        var note = $"Bought on node A, seen on node B ({Guid.NewGuid():N}).";
        await staff.GetByLabel("Note for the donor").FillAsync(note);
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save step" }).ClickAsync();
        await Expect(staff.GetByText($"{receipt} is now Purchased.")).ToBeVisibleAsync();

        // No reload: the event crossed from A to B through Redis and B's circuit re-rendered the page.
        await Expect(donor.GetByTestId("journey-timeline")).ToContainTextAsync(note);
        await Expect(donor.Locator("[aria-current=step]")).ToHaveTextAsync("Purchased");
        await donor.ScreenshotAsync(new() { Path = Path.Combine(Screens, "journey-live-on-node-b.png"), FullPage = true });
    }
}
