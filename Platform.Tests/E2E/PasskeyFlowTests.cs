using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Platform.Core.Audit;
using Platform.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.E2E;

/// <summary>
/// Passkeys in a real browser: Chromium's virtual authenticator (over the DevTools protocol) plays the device, so the
/// WebAuthn ceremonies, the script that carries them and Identity's checks all run for real.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PasskeyFlowTests(LiveApp app)
{
    private const string Email = "creator@example.test";

    [Fact]
    public async Task AUserAddsAPasskeySignsInWithItAloneAndOnceRemovedItNoLongerSignsIn()
    {
        var page = await app.NewPageAsync();
        await AddVirtualAuthenticatorAsync(page);
        await page.SignInAsync(Email, returnUrl: "/Account/Manage/Passkeys");
        await Expect(page.GetByText("You have no passkeys yet.")).ToBeVisibleAsync();

        // Unnamed: refused before the device is asked.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Give the passkey a name");

        await page.GetByLabel("Name for a new passkey").FillAsync("Test laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Passkey 'Test laptop' added");
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Your passkeys" })).ToContainTextAsync("Test laptop");

        // Signed out, the passkey alone signs in: no email, no password, no second factor.
        await page.Context.ClearCookiesAsync();
        await page.GotoAsync("/Account/Login?returnUrl=%2Fcreator");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await page.ExpectHeadingAsync("Creator dashboard");
        (await AuditDetailsAsync(AuditActions.SignInSucceeded)).ShouldContain("passkey");
        (await AuditDetailsAsync(AuditActions.PasskeyAdded)).ShouldContain("Test laptop");

        await page.GotoAsync("/Account/Manage/Passkeys");
        await page.GetByRole(AriaRole.Link, new() { Name = "Remove Test laptop" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove passkey" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Passkey removed.");
        await Expect(page.GetByText("You have no passkeys yet.")).ToBeVisibleAsync();

        // The device still holds the key, but the account no longer accepts it.
        await page.Context.ClearCookiesAsync();
        await page.GotoAsync("/Account/Login?returnUrl=%2Fcreator");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That passkey was not accepted");
        (await AuditDetailsAsync(AuditActions.SignInFailed, "(unrecognised passkey)")).ShouldContain("passkey");
    }

    private static async Task AddVirtualAuthenticatorAsync(IPage page)
    {
        var devTools = await page.Context.NewCDPSessionAsync(page);
        await devTools.SendAsync("WebAuthn.enable");
        await devTools.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
    }

    private Task<List<string?>> AuditDetailsAsync(string action, string userName = Email) =>
        app.Services.ReadAllAsync(db => db.AuditEntries.Where(a => a.Action == action && a.UserName == userName).Select(a => a.Detail).ToListAsync());
}
