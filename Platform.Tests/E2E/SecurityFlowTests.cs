using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Platform.Tests.Support;
using Platform.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.E2E;

[Collection(BrowserCollection.Name)]
public sealed class SecurityFlowTests(LiveApp app)
{
    [Fact]
    public async Task AMagicLinkForAnAccountWithTwoFactorOnAsksForTheCodeBeforeSigningIn()
    {
        var (email, key) = await app.Services.CreateWithTwoFactorAsync("e2e-link-2fa");
        var page = await app.NewPageAsync();

        await page.GotoAsync("/Account/MagicLink");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Email me a link" }).ClickAsync();
        await Expect(page.GetByText("we emailed it a sign-in link")).ToBeVisibleAsync();
        var mail = await SmtpMailbox.WaitForAsync(email, "Your sign-in link");
        await page.GotoAsync(mail.LinkTo("/Account/MagicLink/Verify"));

        await Expect(page).ToHaveURLAsync(new Regex("/Account/LoginWith2fa"));
        await page.GetByLabel("Authenticator code").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.GotoAsync("/donor");
        await page.ExpectHeadingAsync("Your giving");
    }

    [Fact]
    public async Task ACopyOfTheCookieTakenBeforeSigningOutIsRefusedAfter()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync("creator@example.test", returnUrl: "/donor");
        await page.ExpectHeadingAsync("Your giving");
        await page.WaitForCircuitAsync();
        var stolen = await page.Context.CookiesAsync();

        // The menu's activator and the button inside it both answer to the name; either opens the menu.
        await page.GetByRole(AriaRole.Button, new() { Name = "Account menu" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/$"));

        var thief = await app.NewPageAsync();
        await thief.Context.AddCookiesAsync(stolen.Select(c => new Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
        }));
        await thief.GotoAsync("/donor");
        await Expect(thief).ToHaveURLAsync(new Regex("/Account/Login"));
    }

    [Fact]
    public async Task InteractivePagesAndTheirScriptsRunUnderTheContentSecurityPolicy()
    {
        using (var http = new HttpClient())
        {
            var response = await http.GetAsync(app.BaseUrl + "/Account/Login");
            response.Headers.Contains("Server").ShouldBeFalse();
            response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("script-src 'self'");
        }
        var page = await app.NewPageAsync();
        var refused = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                refused.Add($"{page.Url}: {message.Text}");
            }
        };

        await page.GotoAsync("/Account/Login");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" })).ToBeVisibleAsync();
        await page.SignInAsync("owner@openhands.test", returnUrl: "/merchant");
        await page.WaitForCircuitAsync();
        foreach (var path in new[] { "/merchant/journeys", "/merchant/reports", "/merchant/team", "/donor", "/" })
        {
            await page.OpenPortalAsync(path);
        }
        await page.OpenPortalAsync("/merchant/journeys");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "csp-journeys.png"), FullPage = true });

        refused.ShouldBeEmpty();
    }
}
