using Microsoft.Playwright;
using Platform.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.E2E;

[Collection(BrowserCollection.Name)]
public sealed class AccountFlowTests(LiveApp app)
{
    [Fact]
    public async Task NewUserRegistersConfirmsFromTheSentMailSetsUpTotpAndSignsInWithACode()
    {
        var email = $"newcomer-{Guid.NewGuid():N}@example.test";
        const string password = "Str0ng!passphrase";
        var page = await app.NewPageAsync();

        await page.GotoAsync("/Account/Register");
        await page.GetByLabel("Your name").FillAsync("Nia Newcomer");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/RegisterConfirmation"));

        // An unconfirmed account cannot sign in yet.
        await page.SignInAsync(email, password);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Confirm your email address first");

        var confirmation = await SmtpMailbox.WaitForAsync(email, "Confirm your email");
        await page.GotoAsync(confirmation.LinkTo("/Account/ConfirmEmail"));
        await Expect(page.GetByText("your email is confirmed")).ToBeVisibleAsync();

        await page.SignInAsync(email, password, returnUrl: "/Account/Manage/TwoFactor");
        var key = await page.GetByTestId("shared-key").InnerTextAsync();
        await page.GetByLabel("Verification code").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify and turn on" }).ClickAsync();
        await Expect(page.GetByText("Save these recovery codes")).ToBeVisibleAsync();
        (await page.Locator(".recovery-codes li").CountAsync()).ShouldBe(10);

        await page.OpenPortalAsync("/donor");
        // The menu's activator and the button inside it both answer to the name; either opens the menu.
        await page.GetByRole(AriaRole.Button, new() { Name = "Account menu" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/$"));

        await page.SignInAsync(email, password, returnUrl: "/donor");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/LoginWith2fa"));
        // The setup took this time step's code, and a code is taken once: the app's next one.
        await page.GetByLabel("Authenticator code").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.ExpectHeadingAsync("Your giving");
    }

    [Fact]
    public async Task StaffReachTheAdminPortalAndADonorIsDenied()
    {
        var staff = await app.NewPageAsync();
        await staff.SignInAsync("admin@platform.test", returnUrl: "/admin");
        await staff.ExpectHeadingAsync("Platform overview");

        var donor = await app.NewPageAsync();
        await donor.SignInAsync("donor@example.test", returnUrl: "/donor");
        await donor.ExpectHeadingAsync("Your giving");
        await donor.GotoAsync("/admin");
        await donor.ExpectHeadingAsync("Access denied");
        await Expect(donor.GetByText("Platform overview")).ToHaveCountAsync(0);
    }
}
